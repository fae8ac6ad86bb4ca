package xraygallery.ui.gallery;

import xraygallery.photos.PhotoCard;

/**
 * One place of the grid once its page has loaded: the photo's card, and which load it came from (an item from
 * before a refresh is shown until its page is loaded again). Places not loaded yet are null in the list.
 */
public record GalleryItem(PhotoCard card, int generation) {
}
