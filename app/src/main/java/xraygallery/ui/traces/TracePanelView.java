package xraygallery.ui.traces;

import atlantafx.base.controls.Popover;
import atlantafx.base.theme.Styles;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import javafx.beans.value.ChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.HPos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import xraygallery.traceview.Component;
import xraygallery.ui.common.ViewLoader;

/**
 * The trace panel: toolbar (filter with presets and help, time range, the daemon's counters, "open in a window"),
 * the live trace list on the left, and on the right the selected trace's split and waterfall, its action's
 * profile, the service map and a comparison of two traces.
 */
public final class TracePanelView {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private final TracePanelViewModel viewModel;
    private final BorderPane root;
    private final FilterField filterField = new FilterField();
    private final SplitBar splitBar = new SplitBar();
    private final WaterfallCanvas waterfall;
    private final HistogramCanvas histogram = new HistogramCanvas();
    private final ServiceMapPane serviceMap;
    private final ComparisonCanvas comparison;
    private Runnable onOpenInWindow;
    private boolean syncingSelection;

    @FXML
    private Label panelTitle;
    @FXML
    private StackPane filterSlot;
    @FXML
    private Button applyButton;
    @FXML
    private MenuButton presetsButton;
    @FXML
    private Button helpButton;
    @FXML
    private ComboBox<TimeRange> rangeBox;
    @FXML
    private Label healthChip;
    @FXML
    private Button windowButton;
    @FXML
    private TextFlow filterErrorLine;
    @FXML
    private HBox problemBanner;
    @FXML
    private Label problemIcon;
    @FXML
    private Label problemText;
    @FXML
    private SplitPane split;
    @FXML
    private TableView<TraceListItem> traceTable;
    @FXML
    private Label listSummary;
    @FXML
    private TabPane tabs;
    @FXML
    private Tab traceTab;
    @FXML
    private Tab profileTab;
    @FXML
    private Tab mapTab;
    @FXML
    private Tab compareTab;
    @FXML
    private Label traceTitle;
    @FXML
    private Label criticalLegend;
    @FXML
    private MenuButton compareButton;
    @FXML
    private Button zoomOutButton;
    @FXML
    private StackPane splitSlot;
    @FXML
    private StackPane waterfallSlot;
    @FXML
    private Label waterfallMessage;
    @FXML
    private Label profileTitle;
    @FXML
    private Label profileStatus;
    @FXML
    private GridPane statsGrid;
    @FXML
    private StackPane histogramSlot;
    @FXML
    private VBox findingsBox;
    @FXML
    private Label mapStatus;
    @FXML
    private ScrollPane mapScroll;
    @FXML
    private Label compareTitle;
    @FXML
    private Label compareStatus;
    @FXML
    private GridPane deltaGrid;
    @FXML
    private StackPane comparisonSlot;

    public TracePanelView(TracePanelViewModel viewModel) {
        this.viewModel = viewModel;
        this.waterfall = new WaterfallCanvas(viewModel.waterfall());
        this.serviceMap = new ServiceMapPane(viewModel.serviceMap());
        this.comparison = new ComparisonCanvas(viewModel.compare());
        this.root = ViewLoader.load(this, "TracePanel.fxml");
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && traceTab.isSelected() && viewModel.waterfall().zoomedProperty().get()) {
                viewModel.waterfall().zoomOut();
                e.consume();
            }
        });
    }

    @FXML
    private void initialize() {
        panelTitle.setGraphic(new FontIcon(Material2MZ.TIMELINE));
        setUpToolbar();
        setUpTable();
        setUpTraceTab();
        setUpProfileTab();
        mapScroll.setContent(serviceMap);
        mapStatus.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String status = viewModel.serviceMap().statusProperty().get();
            return status.isEmpty() ? "Calls between the services in the list's time range. Click a service to list"
                    + " the traces that went through it." : status;
        }, viewModel.serviceMap().statusProperty()));
        setUpCompareTab();
        viewModel.profileShownProperty().bind(profileTab.selectedProperty());
        viewModel.mapShownProperty().bind(mapTab.selectedProperty());
    }

    private void setUpToolbar() {
        filterSlot.getChildren().add(filterField);
        filterField.field().textProperty().bindBidirectional(viewModel.list().filterTextProperty());
        filterField.field().setOnAction(e -> viewModel.applyFilterText());
        applyButton.setDefaultButton(false);
        for (TraceListViewModel.Preset preset : viewModel.list().presets()) {
            MenuItem item = new MenuItem(preset.name() + (preset.expression().isEmpty() ? "" : "    " + preset.expression()));
            item.setOnAction(e -> viewModel.applyFilter(preset.expression()));
            presetsButton.getItems().add(item);
        }
        presetsButton.setGraphic(new FontIcon(Material2AL.FILTER_LIST));
        helpButton.setGraphic(new FontIcon(Material2AL.HELP_OUTLINE));
        helpButton.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        helpButton.setTooltip(new Tooltip("Filter expression syntax"));
        rangeBox.getItems().setAll(TimeRange.values());
        rangeBox.valueProperty().bindBidirectional(viewModel.list().rangeProperty());
        windowButton.setGraphic(new FontIcon(Material2MZ.OPEN_IN_NEW));
        windowButton.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        windowButton.setTooltip(new Tooltip("Open the trace panel in a window of its own"));
        windowButton.setVisible(false);
        windowButton.setManaged(false);

        healthChip.textProperty().bind(viewModel.health().summaryProperty());
        Tooltip healthTip = new Tooltip();
        healthTip.textProperty().bind(viewModel.health().detailsProperty());
        healthChip.setTooltip(healthTip);
        ChangeListener<Object> healthStyle = (o, was, now) -> {
            healthChip.getStyleClass().removeAll("ok", "warning", "down");
            boolean warn = viewModel.health().warningProperty().get();
            boolean available = viewModel.health().availableProperty().get();
            healthChip.getStyleClass().add(warn ? "warning" : available ? "ok" : "down");
            healthChip.setGraphic(new FontIcon(warn ? Material2MZ.WARNING : available ? Material2AL.FIBER_MANUAL_RECORD
                    : Material2AL.CLOUD_OFF));
        };
        viewModel.health().warningProperty().addListener(healthStyle);
        viewModel.health().availableProperty().addListener(healthStyle);
        healthStyle.changed(null, null, null);

        viewModel.list().filterErrorProperty().addListener((o, was, error) -> showFilterError(error));
        showFilterError(null);

        problemIcon.setGraphic(new FontIcon(Material2MZ.SYNC_PROBLEM));
        problemText.textProperty().bind(viewModel.problemProperty());
        problemBanner.visibleProperty().bind(viewModel.problemProperty().isNotEmpty());
        problemBanner.managedProperty().bind(problemBanner.visibleProperty());
        listSummary.textProperty().bind(viewModel.summaryProperty());
    }

    private void showFilterError(TraceListViewModel.FilterError error) {
        filterErrorLine.getChildren().clear();
        boolean shown = error != null;
        filterErrorLine.setVisible(shown);
        filterErrorLine.setManaged(shown);
        if (!shown) {
            filterField.clearError();
            return;
        }
        filterField.showError(error.position());
        String expression = error.expression();
        Text label = new Text(error.position() > 0 ? "Syntax error at position " + error.position() + ":  " : "");
        label.getStyleClass().add("filter-error-label");
        filterErrorLine.getChildren().add(label);
        if (error.position() > 0) {
            int index = Math.min(error.position() - 1, expression.length());
            Text before = new Text(expression.substring(0, index));
            Text mark = new Text(index < expression.length() ? expression.substring(index, index + 1) : " ");
            Text after = new Text(index < expression.length() ? expression.substring(index + 1) : "");
            before.getStyleClass().add("filter-error-expression");
            after.getStyleClass().add("filter-error-expression");
            mark.getStyleClass().addAll("filter-error-expression", "filter-error-mark");
            mark.setId("filterErrorMark");
            mark.setUnderline(true);
            filterErrorLine.getChildren().addAll(before, mark, after, new Text("\n"));
        }
        Text message = new Text(error.message());
        message.getStyleClass().add("filter-error-message");
        message.setId("filterErrorMessage");
        filterErrorLine.getChildren().add(message);
    }

    @FXML
    private void applyFilter() {
        viewModel.applyFilterText();
    }

    @FXML
    private void showHelp() {
        VBox content = new VBox(4);
        content.getStyleClass().add("filter-help");
        content.setId("filterHelpContent");
        String[][] lines = {
            {"annotation.action = \"upload\"", "an annotation's value (also user, format, megapixels …)"},
            {"responsetime > 1", "the action took over 1 s (also duration, http.status)"},
            {"fault   error   throttle   ok   partial", "the trace failed on the server / client side, was throttled …"},
            {"user = \"alice\"", "whose action (also http.url, http.method …)"},
            {"service(\"S3\")", "went through a service"},
            {"service(\"S3\") { fault }", "a service that faulted (also error, throttle, responsetime > 0.2)"},
            {"service(id(name: \"photos@127.0.0.1\", type: \"Database::SQL\"))", "a service by name and type"},
            {"edge(\"xray-gallery\", \"Rekognition\") { responsetime > 0.5 }", "calls from one service to another"},
            {"rootcause.fault.service { name = \"S3\" }", "where a fault came from (also error, responsetime)"},
            {"A AND B   A OR B   !A   ( … )", "combine; text values in double quotes"},
        };
        for (String[] line : lines) {
            Label code = new Label(line[0]);
            code.getStyleClass().addAll("mono", "help-code");
            Label meaning = new Label(line[1]);
            meaning.getStyleClass().add("text-muted");
            content.getChildren().add(new VBox(0, code, meaning));
        }
        Label note = new Label("Press Enter to apply. A syntax error is underlined where it is.");
        note.getStyleClass().add("text-muted");
        content.getChildren().add(note);
        Popover popover = new Popover(content);
        popover.setTitle("Filter expressions");
        popover.setArrowLocation(Popover.ArrowLocation.TOP_RIGHT);
        popover.setDetachable(false);
        popover.show(helpButton);
    }

    private void setUpTable() {
        traceTable.setItems(viewModel.list().items());
        traceTable.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        traceTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        traceTable.setPlaceholder(new Label("No traces in the range yet."));
        traceTable.getStyleClass().addAll(Styles.DENSE, "trace-table");
        // rows of one height: the table never measures rows, so thousands of them refresh cheaply
        traceTable.setFixedCellSize(26);

        TableColumn<TraceListItem, TraceListItem> marks = new TableColumn<>("");
        marks.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        marks.setCellFactory(c -> new MarkCell());
        marks.setPrefWidth(30);
        marks.setMinWidth(30);
        marks.setMaxWidth(30);
        marks.setResizable(false);
        TableColumn<TraceListItem, String> time = new TableColumn<>("Time");
        time.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(
                TraceFormat.time(c.getValue().start(), viewModel.options().clock().instant(), ZONE)));
        time.setPrefWidth(80);
        TableColumn<TraceListItem, String> action = new TableColumn<>("Action");
        action.setCellValueFactory(c -> c.getValue().actionProperty());
        action.setPrefWidth(90);
        TableColumn<TraceListItem, String> user = new TableColumn<>("User");
        user.setCellValueFactory(c -> c.getValue().userProperty());
        user.setPrefWidth(70);
        TableColumn<TraceListItem, Duration> duration = new TableColumn<>("Duration");
        duration.setCellValueFactory(c -> c.getValue().durationProperty());
        duration.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Duration value, boolean empty) {
                super.updateItem(value, empty);
                TraceListItem item = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty || item == null ? null
                        : TraceFormat.millis(value) + (item.inProgressProperty().get() ? "…" : ""));
            }
        });
        duration.getStyleClass().add("number-column");
        duration.setPrefWidth(76);
        TableColumn<TraceListItem, Integer> status = new TableColumn<>("HTTP");
        status.setCellValueFactory(c -> c.getValue().httpStatusProperty());
        status.setPrefWidth(50);
        status.getStyleClass().add("number-column");
        for (TableColumn<TraceListItem, ?> column : List.of(marks, time, action, user, duration, status)) {
            column.setSortable(false);
            column.setReorderable(false);
        }
        traceTable.getColumns().setAll(List.of(marks, time, action, user, duration, status));
        traceTable.setRowFactory(t -> new TraceTableRow());

        traceTable.getSelectionModel().selectedItemProperty().addListener((o, was, item) -> {
            if (!syncingSelection && item != null) {
                viewModel.list().selectedProperty().set(item);
            }
        });
        viewModel.list().selectedProperty().addListener((o, was, item) -> {
            syncingSelection = true;
            try {
                if (item == null) {
                    traceTable.getSelectionModel().clearSelection();
                } else if (traceTable.getSelectionModel().getSelectedItem() != item) {
                    traceTable.getSelectionModel().select(item);
                    traceTable.scrollTo(item);
                }
            } finally {
                syncingSelection = false;
            }
        });
        // new traces above the rows in view do not push them down
        viewModel.refreshesProperty().addListener((o, was, now) -> keepScrollPosition());
    }

    private void keepScrollPosition() {
        int inserted = viewModel.lastInsertedAbove();
        VirtualFlow<?> flow = (VirtualFlow<?>) traceTable.lookup(".virtual-flow");
        if (flow == null || inserted <= 0) {
            return;
        }
        IndexedCell<?> first = flow.getFirstVisibleCell();
        int index = first == null ? 0 : first.getIndex();
        if (index > 0) {
            flow.scrollToTop(index + inserted);
        }
    }

    /** Fault, error, throttle and running marks: colour and icon. */
    private static final class MarkCell extends TableCell<TraceListItem, TraceListItem> {
        @Override
        protected void updateItem(TraceListItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            FontIcon icon;
            String text;
            if (item.inProgressProperty().get()) {
                icon = new FontIcon(Material2AL.HOURGLASS_EMPTY);
                icon.getStyleClass().add("mark-running");
                text = "running";
            } else if (item.faultProperty().get()) {
                icon = new FontIcon(Material2AL.ERROR);
                icon.getStyleClass().add("mark-fault");
                text = "fault (5xx-like)";
            } else if (item.errorProperty().get()) {
                icon = new FontIcon(Material2AL.ERROR_OUTLINE);
                icon.getStyleClass().add("mark-error");
                text = "error (4xx-like)";
            } else if (item.throttleProperty().get()) {
                icon = new FontIcon(Material2MZ.SPEED);
                icon.getStyleClass().add("mark-throttle");
                text = "throttled";
            } else {
                icon = new FontIcon(Material2AL.CHECK_CIRCLE);
                icon.getStyleClass().add("mark-ok");
                text = "ok";
            }
            if (item.throttleProperty().get() && !text.equals("throttled")) {
                text += ", throttled";
            }
            setGraphic(icon);
            setTooltip(new Tooltip(text));
        }
    }

    /** Tints failed rows and keeps the mark column current as a row's values change in place. */
    private static final class TraceTableRow extends TableRow<TraceListItem> {
        private final ChangeListener<Object> restyle = (o, was, now) -> restyle();
        private TraceListItem watched;

        @Override
        protected void updateItem(TraceListItem item, boolean empty) {
            super.updateItem(item, empty);
            if (watched != null) {
                watched.faultProperty().removeListener(restyle);
                watched.errorProperty().removeListener(restyle);
                watched.throttleProperty().removeListener(restyle);
                watched.inProgressProperty().removeListener(restyle);
                watched.durationProperty().removeListener(restyle);
            }
            watched = empty ? null : item;
            if (watched != null) {
                watched.faultProperty().addListener(restyle);
                watched.errorProperty().addListener(restyle);
                watched.throttleProperty().addListener(restyle);
                watched.inProgressProperty().addListener(restyle);
                watched.durationProperty().addListener(restyle);
            }
            restyle();
        }

        private void restyle() {
            getStyleClass().removeAll("fault", "error", "throttle", "running");
            if (watched == null) {
                return;
            }
            if (watched.faultProperty().get() || watched.errorProperty().get()) {
                getStyleClass().add(watched.faultProperty().get() ? "fault" : "error");
            } else if (watched.throttleProperty().get()) {
                getStyleClass().add("throttle");
            }
            if (watched.inProgressProperty().get()) {
                getStyleClass().add("running");
            }
            // the mark cell reads several properties of the item: redraw it
            for (var cell : getChildrenUnmodifiable()) {
                if (cell instanceof MarkCell mark) {
                    mark.updateItem(watched, false);
                }
            }
        }
    }

    private void setUpTraceTab() {
        WaterfallViewModel model = viewModel.waterfall();
        splitSlot.getChildren().add(splitBar);
        model.splitProperty().addListener((o, was, now) -> splitBar.show(now));
        splitBar.show(model.splitProperty().get());
        waterfallSlot.getChildren().add(0, waterfall);
        traceTitle.textProperty().bind(model.titleProperty());
        waterfallMessage.textProperty().bind(model.messageProperty());
        waterfallMessage.visibleProperty().bind(model.messageProperty().isNotEmpty());
        zoomOutButton.setGraphic(new FontIcon(Material2MZ.ZOOM_OUT));
        zoomOutButton.disableProperty().bind(model.zoomedProperty().not());
        zoomOutButton.setTooltip(new Tooltip("Back to the whole trace (Escape). Double-click a bar to zoom to it."));
        zoomOutButton.setOnAction(e -> model.resetZoom());
        criticalLegend.setTooltip(new Tooltip("Outlined bars are the critical path: the chain of spans the trace"
                + " waited on. Paler bars ran alongside it."));
        compareButton.setGraphic(new FontIcon(Material2AL.COMPARE_ARROWS));
        compareButton.disableProperty().bind(viewModel.selectedTraceIdProperty().isNull());
        compareButton.setOnShowing(e -> fillCompareMenu());
        compareButton.getItems().add(new MenuItem("…"));
    }

    private void fillCompareMenu() {
        compareButton.getItems().clear();
        String selected = viewModel.selectedTraceIdProperty().get();
        List<TraceListItem> candidates = selected == null ? List.of() : viewModel.compare().candidates(selected);
        if (candidates.isEmpty()) {
            MenuItem none = new MenuItem("No other complete trace of this action in the list");
            none.setDisable(true);
            compareButton.getItems().add(none);
            return;
        }
        for (TraceListItem item : candidates) {
            MenuItem entry = new MenuItem(TraceFormat.time(item.start(), viewModel.options().clock().instant(), ZONE)
                    + "  ·  " + TraceFormat.millis(item.durationProperty().get()) + "  ·  " + item.userProperty().get()
                    + (item.faultProperty().get() || item.errorProperty().get() ? "  ·  failed" : ""));
            entry.setOnAction(e -> {
                viewModel.compareWith(item.traceId());
                tabs.getSelectionModel().select(compareTab);
            });
            compareButton.getItems().add(entry);
        }
    }

    @FXML
    private void zoomOut() {
        viewModel.waterfall().resetZoom();
    }

    private void setUpProfileTab() {
        ActionProfileViewModel profile = viewModel.profile();
        profileTitle.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> profile.actionProperty().get().isEmpty() ? "Action profile"
                        : "The last traces of " + profile.actionProperty().get(), profile.actionProperty()));
        profileStatus.textProperty().bind(profile.statusProperty());
        profileRefresh().disableProperty().bind(profile.busyProperty().or(profile.actionProperty().isEmpty()));
        profileRefresh().setGraphic(new FontIcon(Material2MZ.REFRESH));
        histogramSlot.getChildren().add(histogram);
        profile.rowsProperty().addListener((o, was, rows) -> showStats(rows));
        profile.profileProperty().addListener((o, was, p) -> histogram.show(p == null ? null : p.latency()));
        profile.findingsProperty().addListener((o, was, findings) -> showFindings(findings));
        showStats(List.of());
        showFindings(List.of());
    }

    @FXML
    private Button profileRefresh;

    private Button profileRefresh() {
        return profileRefresh;
    }

    @FXML
    private void refreshProfile() {
        viewModel.profile().refresh();
    }

    private void showStats(List<ActionProfileViewModel.StatRow> rows) {
        statsGrid.getChildren().clear();
        statsGrid.getColumnConstraints().setAll(column(HPos.LEFT, 150), column(HPos.RIGHT, 80), column(HPos.RIGHT, 80),
                column(HPos.RIGHT, 70), column(HPos.RIGHT, 70));
        if (rows.isEmpty()) {
            return;
        }
        String[] headings = {"Component", "Median", "p95", "Share", "Traces"};
        for (int c = 0; c < headings.length; c++) {
            Label heading = new Label(headings[c]);
            heading.getStyleClass().add("grid-heading");
            statsGrid.add(heading, c, 0);
        }
        int r = 1;
        for (ActionProfileViewModel.StatRow row : rows) {
            statsGrid.add(componentLabel(row.component()), 0, r);
            statsGrid.add(new Label(row.median()), 1, r);
            statsGrid.add(new Label(row.p95()), 2, r);
            statsGrid.add(new Label(row.share()), 3, r);
            statsGrid.add(new Label(Integer.toString(row.traces())), 4, r);
            r++;
        }
    }

    private static ColumnConstraints column(HPos alignment, double width) {
        ColumnConstraints constraints = new ColumnConstraints(width);
        constraints.setHalignment(alignment);
        constraints.setHgrow(Priority.NEVER);
        return constraints;
    }

    static Label componentLabel(Component component) {
        Label label = new Label(component.label());
        Rectangle swatch = new Rectangle(10, 10, Palette.of(component));
        swatch.setArcWidth(3);
        swatch.setArcHeight(3);
        label.setGraphic(swatch);
        return label;
    }

    private void showFindings(List<String> findings) {
        findingsBox.getChildren().clear();
        if (findings.isEmpty()) {
            Label none = new Label(viewModel.profile().profileProperty().get() == null ? ""
                    : "Nothing sets the slowest traces clearly apart.");
            none.getStyleClass().add("text-muted");
            findingsBox.getChildren().add(none);
            return;
        }
        int rank = 1;
        for (String finding : findings) {
            Label line = new Label(rank++ + ".  " + finding);
            line.setWrapText(true);
            line.getStyleClass().add("finding");
            findingsBox.getChildren().add(line);
        }
    }

    private void setUpCompareTab() {
        CompareViewModel compare = viewModel.compare();
        compareTitle.textProperty().bind(compare.titleProperty());
        compareStatus.textProperty().bind(compare.statusProperty());
        compareStatus.visibleProperty().bind(compare.statusProperty().isNotEmpty());
        compareStatus.managedProperty().bind(compareStatus.visibleProperty());
        comparisonSlot.getChildren().add(comparison);
        compare.deltasProperty().addListener((o, was, rows) -> showDeltas(rows));
        showDeltas(List.of());
    }

    private void showDeltas(List<CompareViewModel.DeltaRow> rows) {
        deltaGrid.getChildren().clear();
        deltaGrid.getColumnConstraints().setAll(column(HPos.LEFT, 150), column(HPos.RIGHT, 90), column(HPos.RIGHT, 90),
                column(HPos.RIGHT, 100));
        if (rows.isEmpty()) {
            return;
        }
        String[] headings = {"Component", "Left", "Right", "Difference"};
        for (int c = 0; c < headings.length; c++) {
            Label heading = new Label(headings[c]);
            heading.getStyleClass().add("grid-heading");
            deltaGrid.add(heading, c, 0);
        }
        int r = 1;
        for (CompareViewModel.DeltaRow row : rows) {
            deltaGrid.add(componentLabel(row.component()), 0, r);
            deltaGrid.add(new Label(row.left()), 1, r);
            deltaGrid.add(new Label(row.right()), 2, r);
            Label difference = new Label(row.difference());
            difference.getStyleClass().add(row.differenceMillis() > 0.5 ? "slower"
                    : row.differenceMillis() < -0.5 ? "faster" : "same");
            deltaGrid.add(difference, 3, r);
            r++;
        }
    }

    @FXML
    private void openInWindow() {
        if (onOpenInWindow != null) {
            onOpenInWindow.run();
        }
    }

    /** Shows the "open in a window" button, which runs {@code action} (the dock sets it). */
    void setOnOpenInWindow(Runnable action) {
        this.onOpenInWindow = action;
        windowButton.setVisible(action != null);
        windowButton.setManaged(action != null);
    }

    /** The button's look when the panel is in its own window: it brings the panel back. */
    void showAsWindowed(boolean windowed) {
        windowButton.setGraphic(new FontIcon(windowed ? Material2AL.CALL_TO_ACTION : Material2MZ.OPEN_IN_NEW));
        windowButton.getTooltip().setText(windowed ? "Put the trace panel back into the main window"
                : "Open the trace panel in a window of its own");
    }

    public TracePanelViewModel viewModel() {
        return viewModel;
    }

    public BorderPane root() {
        return root;
    }

    WaterfallCanvas waterfallCanvas() {
        return waterfall;
    }

    SplitBar splitBar() {
        return splitBar;
    }

    FilterField filterField() {
        return filterField;
    }

    ServiceMapPane serviceMapPane() {
        return serviceMap;
    }

    TabPane tabs() {
        return tabs;
    }

    TableView<TraceListItem> table() {
        return traceTable;
    }
}
