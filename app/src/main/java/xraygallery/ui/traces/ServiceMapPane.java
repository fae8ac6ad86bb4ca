package xraygallery.ui.traces;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import xraygallery.traceview.ServiceGraph;

/** The service map: the app on the left, the services it calls in a column on the right, edges labelled. */
final class ServiceMapPane extends Pane {
    static final double NODE_WIDTH = 230;
    private static final double MARGIN = 16;
    private final ServiceMapViewModel viewModel;
    private final Map<String, VBox> boxes = new HashMap<>();
    private final Map<ServiceMapViewModel.MapEdge, Line> lines = new HashMap<>();
    private final Map<ServiceMapViewModel.MapEdge, Label> labels = new HashMap<>();

    ServiceMapPane(ServiceMapViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("service-map");
        viewModel.nodesProperty().addListener((o, was, now) -> rebuild());
        viewModel.edgesProperty().addListener((o, was, now) -> rebuild());
        rebuild();
    }

    private void rebuild() {
        getChildren().clear();
        boxes.clear();
        lines.clear();
        labels.clear();
        List<ServiceMapViewModel.MapNode> nodes = viewModel.nodesProperty().get();
        for (ServiceMapViewModel.MapEdge edge : viewModel.edgesProperty().get()) {
            Line line = new Line();
            line.getStyleClass().add("map-edge");
            if (edge.faultShare() > 0) {
                line.getStyleClass().add("fault");
            } else if (edge.errorShare() > 0) {
                line.getStyleClass().add("error");
            }
            if (edge.local()) {
                line.getStyleClass().add("local");
            }
            Label label = new Label(edge.label());
            label.getStyleClass().add("map-edge-label");
            if (edge.faultShare() > 0) {
                label.getStyleClass().add("fault");
            }
            label.setId("edge-" + edge.from() + "-" + edge.to());
            label.setWrapText(true);
            lines.put(edge, line);
            labels.put(edge, label);
            getChildren().add(line);
        }
        for (ServiceMapViewModel.MapNode node : nodes) {
            Label name = new Label(node.name());
            name.getStyleClass().add("map-node-name");
            Label kind = new Label(node.local() ? "local work · not a service" : kindText(node));
            kind.getStyleClass().add("map-node-kind");
            Label stats = new Label(node.stats());
            stats.getStyleClass().add("map-node-stats");
            stats.setWrapText(true);
            VBox box = new VBox(2, name, kind, stats);
            box.getStyleClass().addAll("map-node", node.kind().name().toLowerCase(java.util.Locale.ROOT));
            box.setId("node-" + node.name().replaceAll("[^A-Za-z0-9_-]", "_"));
            if (node.faulty()) {
                box.getStyleClass().add("fault");
            } else if (node.errorShare() > 0) {
                box.getStyleClass().add("error");
            }
            if (node.local()) {
                box.getStyleClass().add("local");
            }
            box.setPrefWidth(NODE_WIDTH);
            box.setMaxWidth(NODE_WIDTH);
            if (node.filter() != null) {
                box.setCursor(Cursor.HAND);
                Tooltip.install(box, new Tooltip("Show the traces through " + node.name() + ": " + node.filter()));
                box.setOnMouseClicked(e -> viewModel.select(node));
            } else {
                Tooltip.install(box, new Tooltip("Time spent resizing photos inside the app, from the traces read so"
                        + " far: local work, not a call to a service."));
            }
            boxes.put(node.key(), box);
            getChildren().add(box);
        }
        getChildren().addAll(labels.values());
        requestLayout();
    }

    private static String kindText(ServiceMapViewModel.MapNode node) {
        String type = node.type() == null ? "" : " · " + node.type();
        return switch (node.kind()) {
            case CLIENT -> "client";
            case APPLICATION -> "application" + type;
            case AWS_SERVICE -> "AWS service" + type;
            case DATABASE -> "database" + type;
            case REMOTE -> "remote" + type;
        };
    }

    @Override
    protected double computePrefHeight(double width) {
        long right = viewModel.nodesProperty().get().stream().filter(n -> n.x() > 0.5).count();
        return Math.max(260, (right + 1) * 92);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 2 * NODE_WIDTH + 360;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        for (ServiceMapViewModel.MapNode node : viewModel.nodesProperty().get()) {
            VBox box = boxes.get(node.key());
            double bh = box.prefHeight(NODE_WIDTH);
            double x = node.x() < 0.5 ? MARGIN : Math.max(MARGIN + NODE_WIDTH + 120, w - MARGIN - NODE_WIDTH);
            double y = Math.max(4, Math.min(h - bh - 4, node.y() * h - bh / 2));
            box.resizeRelocate(x, y, NODE_WIDTH, bh);
        }
        for (var entry : lines.entrySet()) {
            VBox from = boxes.get(entry.getKey().from());
            VBox to = boxes.get(entry.getKey().to());
            Line line = entry.getValue();
            Label label = labels.get(entry.getKey());
            if (from == null || to == null) {
                line.setVisible(false);
                label.setVisible(false);
                continue;
            }
            double x1 = from.getLayoutX() + NODE_WIDTH;
            double y1 = from.getLayoutY() + from.getHeight() / 2;
            double x2 = to.getLayoutX();
            double y2 = to.getLayoutY() + to.getHeight() / 2;
            line.setStartX(x1);
            line.setStartY(y1);
            line.setEndX(x2);
            line.setEndY(y2);
            double lw = Math.min(label.prefWidth(-1), Math.max(60, x2 - x1 - 24));
            double lh = label.prefHeight(lw);
            label.resizeRelocate(x2 - lw - 10, y2 - lh - 2, lw, lh);
        }
    }

    /** The box drawn for a node (tests). */
    VBox box(String key) {
        return boxes.get(key);
    }

    static ServiceGraph.NodeKind kindOf(ServiceMapViewModel.MapNode node) {
        return node.kind();
    }
}
