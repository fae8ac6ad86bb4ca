package xraygallery.ui.traces;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.traceview.InvalidFilterExpressionException;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.TraceRow;
import xraygallery.traceview.TraceSource;
import xraygallery.traceview.TraceSourceUnreachableException;
import xraygallery.ui.common.BackgroundTask;
import xraygallery.ui.common.Cancellable;
import xraygallery.ui.common.TaskExecutor;

/**
 * The embedded trace panel: a live list of recent traces (polled about once a second off the UI thread), the
 * selected trace's waterfall and component split, the profile of its action over many traces, the service map,
 * two traces compared, and the daemon's counters. A daemon that does not answer is retried until it does; a
 * filter with a syntax error leaves the list as it was and says where the error is.
 */
public final class TracePanelViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(TracePanelViewModel.class);
    /** A trace asked for by id that has not arrived is looked for again this many times (once per refresh). */
    static final int WAIT_FOR_TRACE_POLLS = 60;

    /**
     * How the panel polls and what it calls its source.
     *
     * @param sourceName "The X-Ray daemon" or "AWS X-Ray", for messages
     * @param clock the time ranges' "now"
     * @param pollEvery how often the list refreshes
     * @param retryEvery how soon a source that does not answer is asked again
     * @param slowRetryEvery how soon after other failures (access denied, say)
     * @param healthEvery how often the daemon's counters are read
     * @param mapEvery how often the service map is read while it is shown
     * @param listLimit at most this many rows in the list
     */
    public record Options(String sourceName, Clock clock, Duration pollEvery, Duration retryEvery,
            Duration slowRetryEvery, Duration healthEvery, Duration mapEvery, int listLimit) {
        public Options {
            Objects.requireNonNull(sourceName, "sourceName");
            Objects.requireNonNull(clock, "clock");
        }

        /** Reading the bundled daemon. */
        public static Options localDaemon() {
            return new Options("The X-Ray daemon", Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(2),
                    Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(10), 200);
        }

        /** Reading AWS X-Ray: slower polls (the API is rate-limited and billed). */
        public static Options awsXRay() {
            return new Options("AWS X-Ray", Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofSeconds(10),
                    Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30), 200);
        }

        public Options withClock(Clock newClock) {
            return new Options(sourceName, newClock, pollEvery, retryEvery, slowRetryEvery, healthEvery, mapEvery,
                    listLimit);
        }

        public Options withListLimit(int limit) {
            return new Options(sourceName, clock, pollEvery, retryEvery, slowRetryEvery, healthEvery, mapEvery, limit);
        }
    }

    private final TraceSource source;
    private final TaskExecutor tasks;
    private final Options options;
    private final PanelContext context;
    private final TraceListViewModel list;
    private final WaterfallViewModel waterfall = new WaterfallViewModel();
    private final ActionProfileViewModel profile;
    private final ServiceMapViewModel serviceMap;
    private final CompareViewModel compare;
    private final DaemonHealthViewModel health = new DaemonHealthViewModel();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Reading traces …");
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper();
    private final BooleanProperty profileShown = new SimpleBooleanProperty();
    private final BooleanProperty mapShown = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper selectedTraceId = new ReadOnlyStringWrapper();
    private final javafx.beans.property.ReadOnlyIntegerWrapper refreshes =
            new javafx.beans.property.ReadOnlyIntegerWrapper();
    private long lastRefreshNanos;
    private Cancellable pollTimer = () -> { };
    private Cancellable pollTask = () -> { };
    private Cancellable healthTimer = () -> { };
    private Cancellable mapTimer = () -> { };
    private String requestedFilter = "";
    private TraceRow loadedFrom;
    private boolean treeLoading;
    private int waitingPolls = -1;
    private boolean closed;

    /** Reads the bundled daemon's traces ({@link Options#localDaemon()}). */
    public TracePanelViewModel(TraceSource source, TaskExecutor tasks, String currentUser) {
        this(source, tasks, currentUser, Options.localDaemon());
    }

    public TracePanelViewModel(TraceSource source, TaskExecutor tasks, String currentUser, Options options) {
        this.source = Objects.requireNonNull(source, "source");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.options = Objects.requireNonNull(options, "options");
        this.list = new TraceListViewModel(currentUser);
        this.context = new PanelContext(source, tasks, new TraceCache(400), options.clock(), options.sourceName(), list,
                options.listLimit());
        this.profile = new ActionProfileViewModel(context);
        this.serviceMap = new ServiceMapViewModel(context, this::applyFilter);
        this.compare = new CompareViewModel(context);
        list.selectedProperty().addListener((o, was, item) -> {
            if (item != null && !item.traceId().equals(selectedTraceId.get())) {
                select(item.traceId(), item.row());
            }
        });
        list.rangeProperty().addListener((o, was, now) -> {
            pollNow();
            if (mapShown.get()) {
                serviceMap.refresh();
            }
        });
        profileShown.addListener((o, was, shown) -> {
            if (shown) {
                profileSelectedAction();
            }
        });
        mapShown.addListener((o, was, shown) -> {
            mapTimer.cancel();
            if (shown && active.get()) {
                mapPoll();
            }
        });
    }

    /** Starts polling (the panel is shown). */
    public void start() {
        if (closed || active.get()) {
            return;
        }
        active.set(true);
        pollNow();
        healthPoll();
        if (mapShown.get()) {
            mapPoll();
        }
    }

    /** Stops polling while the panel is hidden; {@link #start()} resumes. */
    public void stop() {
        active.set(false);
        pollTimer.cancel();
        pollTask.cancel();
        healthTimer.cancel();
        mapTimer.cancel();
    }

    /** Stops for good and closes the source. */
    public void close() {
        stop();
        closed = true;
        try {
            source.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the trace source failed: {}", e.toString());
        }
    }

    /** Refreshes the list now (and restarts the once-a-second rhythm). */
    public void pollNow() {
        pollTimer.cancel();
        pollTask.cancel();
        poll();
    }

    private void poll() {
        if (!active.get()) {
            return;
        }
        String filter = requestedFilter;
        var query = context.query(filter, options.listLimit());
        pollTask = BackgroundTask.of(() -> source.recentTraces(query))
                .onSuccess(rows -> {
                    listed(rows, filter);
                    schedulePoll(options.pollEvery());
                })
                .onFailure(error -> schedulePoll(pollFailed(error, filter)))
                .executeWith(tasks);
    }

    private void schedulePoll(Duration delay) {
        if (active.get()) {
            pollTimer = tasks.schedule(delay, this::poll);
        }
    }

    private void listed(List<TraceRow> rows, String filter) {
        long started = System.nanoTime();
        problem.set("");
        if (!filter.equals(list.appliedFilterProperty().get())) {
            list.setAppliedFilter(filter);
        }
        lastInsertedAbove = list.merge(rows, options.clock().instant());
        summary.set(rows.size() + (rows.size() == 1 ? " trace" : " traces")
                + (rows.size() >= options.listLimit() ? " (the newest " + options.listLimit() + ")" : "")
                + " · " + list.rangeProperty().get().label().toLowerCase(java.util.Locale.ROOT)
                + (filter.isEmpty() ? "" : " · filtered"));
        followSelectedTrace();
        lastRefreshNanos = System.nanoTime() - started;
        refreshes.set(refreshes.get() + 1);
    }

    private int lastInsertedAbove;

    /** Counts the list's successful refreshes (the view keeps its scroll position after each). */
    public javafx.beans.property.ReadOnlyIntegerProperty refreshesProperty() {
        return refreshes.getReadOnlyProperty();
    }

    /** How long the last refresh took on the UI thread (merging the rows), in nanoseconds. */
    public long lastRefreshNanos() {
        return lastRefreshNanos;
    }

    /** How many rows the last refresh inserted above the rows it kept (the view keeps its scroll position). */
    public int lastInsertedAbove() {
        return lastInsertedAbove;
    }

    /** After a refresh: reload the selected trace if it changed (it was running), or look again for one awaited. */
    private void followSelectedTrace() {
        String id = selectedTraceId.get();
        if (id == null || treeLoading) {
            return;
        }
        TraceListItem item = list.item(id);
        if (item != null && list.selectedProperty().get() == null) {
            list.selectedProperty().set(item);
        }
        if (waitingPolls >= 0) {
            if (waitingPolls++ < WAIT_FOR_TRACE_POLLS) {
                loadTree(id, item == null ? null : item.row(), true);
            } else {
                waitingPolls = -1;
                waterfall.clear("Trace " + id + " did not arrive. It may have been lost on the way to the daemon,"
                        + " or it is older than the store keeps.");
            }
            return;
        }
        SpanTree shown = waterfall.treeProperty().get();
        if (item != null && shown != null && shown.traceId().equals(id) && !item.row().equals(loadedFrom)) {
            loadTree(id, item.row(), true);
        }
    }

    private Duration pollFailed(Throwable error, String filter) {
        if (error instanceof InvalidFilterExpressionException invalid && !filter.isEmpty()) {
            list.setFilterError(new TraceListViewModel.FilterError(filter, invalid.getMessage(),
                    invalid.position().orElse(-1)));
            requestedFilter = list.appliedFilterProperty().get();
            return Duration.ZERO;
        }
        problem.set(TraceMessages.describe(error, options.sourceName()));
        if (error instanceof TraceSourceUnreachableException) {
            return options.retryEvery();
        }
        LOG.debug("reading the trace list failed", error);
        return options.slowRetryEvery();
    }

    /** Applies the filter being typed. */
    public void applyFilterText() {
        applyFilter(list.filterTextProperty().get());
    }

    /** Shows the traces the expression selects (blank: all); a syntax error leaves the list as it was. */
    public void applyFilter(String expression) {
        String filter = expression == null ? "" : expression.strip();
        list.filterTextProperty().set(filter);
        requestedFilter = filter;
        pollNow();
        if (mapShown.get()) {
            serviceMap.refresh();
        }
    }

    private void healthPoll() {
        if (!active.get()) {
            return;
        }
        BackgroundTask.of(source::daemonHealth)
                .onSuccess(health::update)
                .onFailure(error -> LOG.debug("reading the daemon's counters failed: {}", error.toString()))
                .onFinished(() -> {
                    if (active.get()) {
                        healthTimer = tasks.schedule(options.healthEvery(), this::healthPoll);
                    }
                })
                .executeWith(tasks);
    }

    private void mapPoll() {
        if (!active.get() || !mapShown.get()) {
            return;
        }
        serviceMap.refresh();
        mapTimer = tasks.schedule(options.mapEvery(), this::mapPoll);
    }

    /**
     * Selects a trace by id (a photo's upload, an upload queue's row): its row when it is in the list, and its
     * waterfall either way — read from the source if need be, and awaited if it has not arrived yet.
     */
    public void selectTrace(String traceId) {
        if (traceId == null || traceId.isBlank()) {
            return;
        }
        TraceListItem item = list.item(traceId);
        if (item != null) {
            list.selectedProperty().set(item);
            if (!traceId.equals(selectedTraceId.get())) {
                select(traceId, item.row());
            }
            return;
        }
        list.selectedProperty().set(null);
        select(traceId, null);
    }

    private void select(String traceId, TraceRow row) {
        selectedTraceId.set(traceId);
        waitingPolls = -1;
        compare.clear();
        var cached = context.cache().get(traceId);
        if (cached.isPresent()) {
            shown(cached.get(), row);
            return;
        }
        waterfall.clear("Reading trace " + traceId + " …");
        loadTree(traceId, row, false);
    }

    private void loadTree(String traceId, TraceRow row, boolean again) {
        treeLoading = true;
        BackgroundTask.of(() -> source.trace(traceId))
                .onSuccess(tree -> {
                    if (!traceId.equals(selectedTraceId.get())) {
                        return;
                    }
                    if (tree.isPresent()) {
                        waitingPolls = -1;
                        context.cache().put(tree.get());
                        shown(tree.get(), row);
                    } else if (!again || waterfall.treeProperty().get() == null) {
                        if (waitingPolls < 0) {
                            waitingPolls = 0;
                        }
                        waterfall.clear("Trace " + traceId + " has not arrived yet; waiting for it …");
                    }
                })
                .onFailure(error -> {
                    if (traceId.equals(selectedTraceId.get()) && waterfall.treeProperty().get() == null) {
                        waterfall.clear(TraceMessages.describe(error, options.sourceName()));
                        if (error instanceof TraceSourceUnreachableException && waitingPolls < 0) {
                            waitingPolls = 0;
                        }
                    }
                })
                .onFinished(() -> treeLoading = false)
                .executeWith(tasks);
    }

    private void shown(SpanTree tree, TraceRow row) {
        loadedFrom = row;
        waterfall.show(tree);
        if (list.item(tree.traceId()) == null) {
            waterfall.note("This trace is not in the list: it is outside the time range or the filter.");
        }
        profileSelectedAction();
    }

    private void profileSelectedAction() {
        if (!profileShown.get()) {
            return;
        }
        String action = selectedAction();
        if (action != null && !action.equals(profile.actionProperty().get())) {
            profile.load(action);
        }
    }

    /** The selected trace's action, or null. */
    public String selectedAction() {
        SpanTree tree = waterfall.treeProperty().get();
        if (tree != null && tree.annotations().get("action") != null) {
            return tree.annotations().get("action").text();
        }
        TraceListItem item = selectedTraceId.get() == null ? null : list.item(selectedTraceId.get());
        return item == null || item.actionProperty().get().isEmpty() ? null : item.actionProperty().get();
    }

    /** Compares the selected trace (left) with another (right). */
    public void compareWith(String otherTraceId) {
        String left = selectedTraceId.get();
        if (left != null && otherTraceId != null && !left.equals(otherTraceId)) {
            compare.compare(left, otherTraceId);
        }
    }

    public TraceListViewModel list() {
        return list;
    }

    public WaterfallViewModel waterfall() {
        return waterfall;
    }

    public ActionProfileViewModel profile() {
        return profile;
    }

    public ServiceMapViewModel serviceMap() {
        return serviceMap;
    }

    public CompareViewModel compare() {
        return compare;
    }

    public DaemonHealthViewModel health() {
        return health;
    }

    /** Why the list is not up to date ("The X-Ray daemon does not answer; retrying…"), or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** "37 traces · last hour · filtered". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    /** The trace shown in the waterfall, or null. */
    public ReadOnlyStringProperty selectedTraceIdProperty() {
        return selectedTraceId.getReadOnlyProperty();
    }

    /** Set by the view while the action profile is shown: it is computed only then. */
    public BooleanProperty profileShownProperty() {
        return profileShown;
    }

    /** Set by the view while the service map is shown: it is polled only then. */
    public BooleanProperty mapShownProperty() {
        return mapShown;
    }

    public Options options() {
        return options;
    }

    /** Where the panel reads. */
    public String sourceName() {
        return options.sourceName();
    }
}
