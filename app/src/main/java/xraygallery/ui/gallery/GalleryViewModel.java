package xraygallery.ui.gallery;

import java.text.NumberFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.photos.GalleryDatabase.DatabaseUnavailableException;
import xraygallery.photos.GalleryPage;
import xraygallery.photos.PageRequest;
import xraygallery.photos.PhotoCard;
import xraygallery.photos.User;
import xraygallery.ui.common.BackgroundTask;
import xraygallery.ui.common.Cancellable;
import xraygallery.ui.common.ErrorMessages;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.TaskExecutor;

/**
 * The signed-in user's photos, newest first, or those of a label search: one place per photo in {@link #items()}
 * (null until its page is loaded), pages of {@value #PAGE} loaded as they come into view (the view reports what it
 * shows, the model loads the pages around it, at most {@value #MAX_LOADS} at a time, nearest first), a headline
 * with the count, the selection, and the photo opened over the grid ({@link #detail()}).
 *
 * <p>Every load is a traced action of the service ({@code list_photos}, {@code search_labels}); a failed page
 * leaves the grid as it is, says why in {@link #problemProperty()} and is tried again when the view moves or on
 * {@link #refresh()}. A new upload ({@link #photoSaved}) reloads the head of the list and shifts the rest down, so
 * the grid keeps its place.
 */
public final class GalleryViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(GalleryViewModel.class);
    /** Photos per page load; a multiple of every likely column count. */
    public static final int PAGE = 60;
    static final int MAX_LOADS = 2;
    static final Duration SEARCH_DELAY = Duration.ofMillis(300);

    private final GalleryService gallery;
    private final User user;
    private final TaskExecutor tasks;
    private final Notifier notifier;
    private final PhotoDetailViewModel detail;
    private final ObservableList<GalleryItem> items = FXCollections.observableArrayList();
    private final ObservableList<GalleryItem> itemsView = FXCollections.unmodifiableObservableList(items);
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("Loading your photos …");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper("");
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper activeSearch = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper searchMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper selectedIndex = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyObjectWrapper<PhotoCard> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper selectedTraceId = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<PhotoCard> pendingDelete = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding empty;

    /** The current query as the service ran it: null for all photos, else the search. */
    private String query;
    /** Bumped whenever a first page (re)defines the list: items from older loads are shown but loaded again. */
    private int generation;
    /** Bumped when a new query starts: answers to older ones are dropped. */
    private int queryToken;
    private final Map<Integer, PageLoad> pageLoads = new HashMap<>();
    private final Set<Integer> failedPages = new HashSet<>();
    private final List<Integer> wanted = new ArrayList<>();
    private final Set<Long> thumbnailFetches = new HashSet<>();
    private final Set<Long> thumbnailRetried = new HashSet<>();
    private int visibleFirst;
    private int visibleLast = -1;
    private Cancellable queryLoad = () -> { };
    private Cancellable pendingSearch = () -> { };
    private String lastThumbnailProblem;
    private boolean headBusy;
    private boolean headAgain;
    private boolean closed;

    private static final class PageLoad {
        Cancellable cancel = () -> { };
    }

    public GalleryViewModel(GalleryService gallery, User user, TaskExecutor tasks, Notifier notifier) {
        this.gallery = Objects.requireNonNull(gallery, "gallery");
        this.user = Objects.requireNonNull(user, "user");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.detail = new PhotoDetailViewModel(gallery, user, tasks, notifier, this::removed);
        this.empty = Bindings.createBooleanBinding(() -> loaded.get() && total.get() == 0, loaded, total);
        search.addListener((o, old, text) -> {
            pendingSearch.cancel();
            pendingSearch = tasks.schedule(SEARCH_DELAY, this::applySearch);
        });
        detail.showingProperty().addListener((o, was, now) -> updateTraceId());
        detail.traceIdProperty().addListener((o, was, now) -> updateTraceId());
    }

    /** Loads the first page of all photos. */
    public void load() {
        startQuery(null, false);
    }

    /** F5: the current query again; the grid keeps its place and shows what it has until the new pages come. */
    public void refresh() {
        if (!loaded.get()) {
            startQuery(query, false);
        } else {
            startQuery(query, true);
        }
    }

    /** Runs the search in the box now (Enter), instead of after the typing pause. */
    public void submitSearch() {
        pendingSearch.cancel();
        applySearch();
    }

    /** Empties the search box and shows all photos again. */
    public void clearSearch() {
        search.set("");
        submitSearch();
    }

    private void applySearch() {
        String text = search.get() == null ? "" : search.get();
        if (text.isEmpty()) {
            searchMessage.set("");
            if (query != null || !loaded.get()) {
                startQuery(null, false);
            }
            return;
        }
        if (text.strip().equals(query) && searchMessage.get().isEmpty()) {
            return;
        }
        startQuery(text, false);
    }

    private void startQuery(String prefix, boolean keepItems) {
        if (closed) {
            return;
        }
        int token = ++queryToken;
        queryLoad.cancel();
        loading.set(true);
        PageRequest request = prefix == null ? PageRequest.all(0, PAGE) : PageRequest.labelled(prefix, 0, PAGE);
        queryLoad = BackgroundTask.of(() -> gallery.page(user, request))
                .onSuccess(page -> {
                    if (token == queryToken) {
                        searchMessage.set("");
                        problem.set("");
                        firstPage(page, keepItems);
                    }
                })
                .onFailure(error -> {
                    if (token == queryToken) {
                        failed(error, prefix != null);
                    }
                })
                .onFinished(() -> {
                    if (token == queryToken) {
                        loading.set(false);
                    }
                })
                .executeWith(tasks);
    }

    private void firstPage(GalleryPage page, boolean keepItems) {
        boolean sameQuery = Objects.equals(query, page.labelPrefix());
        query = page.labelPrefix();
        activeSearch.set(query);
        newGeneration();
        if (keepItems && sameQuery) {
            resize(page.total());
        } else {
            items.setAll(Collections.nCopies(page.total(), null));
            selectedIndex.set(-1);
        }
        put(page);
        loaded.set(true);
        counted(page.total());
        updateSelected();
        requestVisible();
    }

    /** Forgets what is loading: everything loaded before counts as stale from now on. */
    private void newGeneration() {
        generation++;
        pageLoads.values().forEach(load -> load.cancel.cancel());
        pageLoads.clear();
        failedPages.clear();
        wanted.clear();
    }

    private void resize(int size) {
        if (size < items.size()) {
            items.remove(size, items.size());
        } else if (size > items.size()) {
            items.addAll(Collections.nCopies(size - items.size(), null));
        }
        if (selectedIndex.get() >= size) {
            selectedIndex.set(size - 1);
        }
    }

    private void put(GalleryPage page) {
        List<PhotoCard> cards = page.photos();
        for (int i = 0; i < cards.size(); i++) {
            int index = page.offset() + i;
            if (index < items.size()) {
                items.set(index, new GalleryItem(cards.get(i), generation));
            }
        }
        // once per kind of trouble, not once per page while S3 is down
        if (page.thumbnailProblem() != null && lastThumbnailProblem == null) {
            notifier.error(page.thumbnailProblem());
        }
        lastThumbnailProblem = page.thumbnailProblem();
        int selectedAt = selectedIndex.get();
        if (selectedAt >= page.offset() && selectedAt < page.offset() + cards.size()) {
            updateSelected();
        }
    }

    private void counted(int count) {
        total.set(count);
        String photos = NumberFormat.getIntegerInstance().format(count) + (count == 1 ? " photo" : " photos");
        headline.set(query == null ? photos : photos + " labelled " + query + "*");
        emptyText.set(query == null ? "No photos yet. Upload some (Ctrl+O): they appear here as they are saved."
                : "No photo has a label starting with \u201c" + query + "\u201d.");
    }

    /**
     * The view shows places {@code first} to {@code last}: the pages around them that are not loaded (or are
     * stale) are loaded, nearest first; pages that scrolled away before their turn are not.
     */
    public void showing(int first, int last) {
        boolean moved = first != visibleFirst || last != visibleLast;
        visibleFirst = Math.max(0, first);
        visibleLast = last;
        if (moved) {
            failedPages.clear();
        }
        requestVisible();
    }

    private void requestVisible() {
        if (!loaded.get() || closed) {
            return;
        }
        wanted.clear();
        int size = items.size();
        if (size == 0 || visibleLast < visibleFirst) {
            return;
        }
        int from = Math.max(0, visibleFirst - PAGE / 2);
        int to = Math.min(size - 1, visibleLast + PAGE / 2);
        for (int start = from / PAGE * PAGE; start <= to; start += PAGE) {
            if (needsLoad(start) && !pageLoads.containsKey(start) && !failedPages.contains(start)) {
                wanted.add(start);
            }
        }
        int middle = (visibleFirst + Math.min(visibleLast, size - 1)) / 2;
        wanted.sort(Comparator.comparingInt(start -> Math.abs(start + PAGE / 2 - middle)));
        pump();
    }

    private boolean needsLoad(int start) {
        int end = Math.min(items.size(), start + PAGE);
        for (int i = start; i < end; i++) {
            GalleryItem item = items.get(i);
            if (item == null || item.generation() != generation) {
                return true;
            }
        }
        return false;
    }

    private void pump() {
        while (pageLoads.size() < MAX_LOADS && !wanted.isEmpty() && !closed) {
            int start = wanted.remove(0);
            if (needsLoad(start) && !pageLoads.containsKey(start)) {
                loadPage(start);
            }
        }
    }

    private void loadPage(int offset) {
        int gen = generation;
        PageRequest request = query == null ? PageRequest.all(offset, PAGE) : PageRequest.labelled(query, offset, PAGE);
        PageLoad load = new PageLoad();
        pageLoads.put(offset, load);
        Cancellable cancel = BackgroundTask.of(() -> gallery.page(user, request))
                .onSuccess(page -> {
                    if (gen == generation) {
                        problem.set("");
                        if (page.total() != items.size()) {
                            resize(page.total());
                            counted(page.total());
                        }
                        put(page);
                    }
                })
                .onFailure(error -> {
                    if (gen == generation) {
                        failedPages.add(offset);
                        failed(error, false);
                    }
                })
                .onFinished(() -> {
                    if (pageLoads.get(offset) == load) {
                        pageLoads.remove(offset);
                        pump();
                    }
                })
                .executeWith(tasks);
        load.cancel = cancel;
    }

    private void failed(Throwable error, boolean search) {
        String message = ErrorMessages.describe(error);
        if (search && !(error instanceof DatabaseUnavailableException)) {
            searchMessage.set(message);
        } else {
            problem.set(message);
        }
    }

    /**
     * A new upload was saved: the head of the list is loaded again and what it adds goes on top; the rest shifts
     * down, so the grid keeps its place. Calls that come while one runs are folded into one more.
     */
    public void photoSaved(long photoId) {
        if (!loaded.get() || closed) {
            return;
        }
        if (headBusy) {
            headAgain = true;
            return;
        }
        headBusy = true;
        int gen = generation;
        String q = query;
        PageRequest request = q == null ? PageRequest.all(0, PAGE) : PageRequest.labelled(q, 0, PAGE);
        LOG.debug("photo {} saved: loading the head of the gallery", photoId);
        BackgroundTask.of(() -> gallery.page(user, request))
                .onSuccess(page -> {
                    if (gen != generation || !Objects.equals(q, query)) {
                        return;
                    }
                    problem.set("");
                    int added = page.total() - items.size();
                    if (added > 0) {
                        items.addAll(0, Collections.nCopies(added, null));
                        if (selectedIndex.get() >= 0) {
                            selectedIndex.set(selectedIndex.get() + added);
                        }
                        // loads under way were for the old places
                        newGeneration();
                    } else if (added < 0) {
                        resize(page.total());
                    }
                    put(page);
                    counted(page.total());
                    updateSelected();
                    requestVisible();
                })
                .onFailure(error -> failed(error, false))
                .onFinished(() -> {
                    headBusy = false;
                    if (headAgain) {
                        headAgain = false;
                        photoSaved(photoId);
                    }
                })
                .executeWith(tasks);
    }

    /**
     * The view could not read the thumbnail file of place {@code index} (evicted from the cache, say): it is
     * fetched again in its own traced action, once; if that fails the place shows a broken picture.
     */
    public void thumbnailMissing(int index, PhotoCard card) {
        if (closed || !thumbnailFetches.add(card.id())) {
            return;
        }
        if (!thumbnailRetried.add(card.id())) {
            thumbnailFetches.remove(card.id());
            replaceCard(index, card.withThumbnail(null));
            return;
        }
        BackgroundTask.of(() -> gallery.thumbnail(user, card.photo()))
                .onSuccess(file -> replaceCard(index, card.withThumbnail(file)))
                .onFailure(error -> {
                    LOG.warn("no thumbnail for photo {}: {}", card.id(), ErrorMessages.describe(error));
                    replaceCard(index, card.withThumbnail(null));
                })
                .onFinished(() -> thumbnailFetches.remove(card.id()))
                .executeWith(tasks);
    }

    private void replaceCard(int index, PhotoCard card) {
        int at = indexOf(index, card.id());
        if (at >= 0) {
            items.set(at, new GalleryItem(card, items.get(at).generation()));
            if (at == selectedIndex.get()) {
                updateSelected();
            }
        }
    }

    /** Where the photo is now: at {@code hint} if still there, else searched for; -1 when gone. */
    private int indexOf(int hint, long photoId) {
        if (hint >= 0 && hint < items.size() && items.get(hint) != null && items.get(hint).card().id() == photoId) {
            return hint;
        }
        for (int i = 0; i < items.size(); i++) {
            GalleryItem item = items.get(i);
            if (item != null && item.card().id() == photoId) {
                return i;
            }
        }
        return -1;
    }

    /** A photo was deleted (here, or found deleted elsewhere): its place goes, the next one is selected. */
    void removed(long photoId) {
        int at = indexOf(selectedIndex.get(), photoId);
        if (at < 0) {
            return;
        }
        items.remove(at);
        counted(Math.max(0, total.get() - 1));
        int sel = selectedIndex.get();
        if (sel > at) {
            selectedIndex.set(sel - 1);
        } else if (sel >= items.size()) {
            selectedIndex.set(items.size() - 1);
        }
        updateSelected();
        requestVisible();
    }

    /** Delete (key, button): asks about the open photo, else the selected one; the view shows the question. */
    public void askDelete() {
        PhotoCard target = detail.showingProperty().get() ? detail.cardProperty().get() : selected.get();
        if (target != null && !detail.goneProperty().get()) {
            pendingDelete.set(target);
        }
    }

    public void cancelDelete() {
        pendingDelete.set(null);
    }

    /** The user said yes: deletes the photo ({@code delete_photo}); it leaves the grid, the next is selected. */
    public void confirmDelete() {
        PhotoCard target = pendingDelete.get();
        pendingDelete.set(null);
        if (target == null) {
            return;
        }
        PhotoCard open = detail.cardProperty().get();
        if (detail.showingProperty().get() && open != null && open.id() == target.id()) {
            detail.delete();
            return;
        }
        BackgroundTask.run(() -> gallery.delete(user, target.id()))
                .onSuccess(ignored -> {
                    notifier.info("Deleted " + target.photo().originalName() + ".");
                    removed(target.id());
                })
                .onFailure(error -> {
                    notifier.error(ErrorMessages.describe(error));
                    if (error instanceof xraygallery.photos.Gallery.NoSuchPhotoException) {
                        removed(target.id());
                    }
                })
                .executeWith(tasks);
    }

    /** The photo the user is asked about deleting, or null when no question is open. */
    public ReadOnlyObjectProperty<PhotoCard> pendingDeleteProperty() {
        return pendingDelete.getReadOnlyProperty();
    }

    /** Selects place {@code index} (clamped to the list); -1 clears the selection. */
    public void select(int index) {
        int size = items.size();
        selectedIndex.set(size == 0 || index < 0 ? -1 : Math.min(index, size - 1));
        updateSelected();
    }

    /** Moves the selection by {@code delta} places (arrows: ±1 across, ±columns down), staying in the list. */
    public void moveSelection(int delta) {
        int current = selectedIndex.get();
        select(current < 0 ? 0 : Math.max(0, Math.min(items.size() - 1, current + delta)));
    }

    /** Opens the selected photo over the grid (Enter), if its page is loaded. */
    public void openSelected() {
        PhotoCard card = selected.get();
        if (card != null) {
            detail.open(card);
        }
    }

    /** In the open photo: the next (+1) or previous (-1) one, if loaded. */
    public void openNeighbour(int step) {
        int next = selectedIndex.get() + step;
        if (next < 0 || next >= items.size() || items.get(next) == null) {
            return;
        }
        select(next);
        openSelected();
    }

    private void updateSelected() {
        int index = selectedIndex.get();
        GalleryItem item = index >= 0 && index < items.size() ? items.get(index) : null;
        selected.set(item == null ? null : item.card());
        updateTraceId();
    }

    private void updateTraceId() {
        if (detail.showingProperty().get()) {
            selectedTraceId.set(detail.traceIdProperty().get());
        } else {
            selectedTraceId.set(selected.get() == null ? null : selected.get().photo().uploadTraceId());
        }
    }

    /** Stops loading: answers still under way are dropped. */
    public void close() {
        closed = true;
        queryLoad.cancel();
        pendingSearch.cancel();
        newGeneration();
        detail.close();
    }

    /** One place per photo of the current query, newest first; null where the page is not loaded yet. */
    public ObservableList<GalleryItem> items() {
        return itemsView;
    }

    public ReadOnlyIntegerProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** "1,234 photos", "17 photos labelled dog*". */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** What the grid says when it has no photo. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    /** True once loaded and there is no photo (in the search). */
    public BooleanBinding emptyProperty() {
        return empty;
    }

    /** The search box's text; searching starts after a pause in typing, or on {@link #submitSearch}. */
    public StringProperty searchProperty() {
        return search;
    }

    /** The search the grid shows, as the service ran it; null for all photos. */
    public ReadOnlyStringProperty activeSearchProperty() {
        return activeSearch.getReadOnlyProperty();
    }

    /** Why the search was refused (the service's words), or empty. */
    public ReadOnlyStringProperty searchMessageProperty() {
        return searchMessage.getReadOnlyProperty();
    }

    /** Why photos could not be loaded (a stopped database, say), or empty; the grid keeps what it has. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** True while a first page (of a query or a refresh) loads. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True once a first page has come. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty selectedIndexProperty() {
        return selectedIndex.getReadOnlyProperty();
    }

    /** The selected photo, or null (none, or its page is not loaded). */
    public ReadOnlyObjectProperty<PhotoCard> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The upload trace of the open photo, else of the selected one; null when none (or untraced). */
    public ReadOnlyStringProperty selectedTraceIdProperty() {
        return selectedTraceId.getReadOnlyProperty();
    }

    public PhotoDetailViewModel detail() {
        return detail;
    }

    public User user() {
        return user;
    }
}
