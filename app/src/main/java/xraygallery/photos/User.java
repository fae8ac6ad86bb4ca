package xraygallery.photos;

/** A signed-in account: every gallery query is scoped to its id. */
public record User(long id, String name) {
}
