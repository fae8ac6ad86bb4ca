package xraygallery.ui.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import xraygallery.daemon.StoredDocuments;
import xraygallery.daemon.query.FilterExpression;
import xraygallery.daemon.query.FilterSyntaxException;
import xraygallery.localcloud.faults.FaultRule;
import xraygallery.photos.PhotoFiles;
import xraygallery.photos.UploadEvent;
import xraygallery.photos.UploadResult;
import xraygallery.photos.User;
import xraygallery.traceview.Component;
import xraygallery.traceview.Span;
import xraygallery.traceview.WaterfallRow;
import xraygallery.traceview.XRayTraceSource;
import xraygallery.ui.common.FxTaskExecutor;
import xraygallery.ui.common.Theme;

/**
 * The panel on Monocle against a real daemon fed by real traced uploads (local cloud, X-Ray SDK): the waterfall's
 * bars, the split, a filter's syntax error, an S3 fault in red, and numbers equal to the stored documents.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("integration")
class TracePanelViewTest {
    private static TracedGallery gallery;
    private static UploadResult dog;
    private static UploadResult kite;
    private static UploadResult faulted;
    private FxTaskExecutor tasks;
    private TracePanelViewModel viewModel;
    private TracePanelView view;

    @BeforeAll
    static void upload() throws IOException {
        gallery = TracedGallery.start("trace-panel");
        PhotoFiles images = new PhotoFiles("trace-panel");
        User tracy = gallery.services.accounts().signUp("tracy", "tracy's password".toCharArray());
        List<UploadResult> results = gallery.upload(tracy, List.of(images.photo("dog.jpg"), images.photo("kite.jpg")));
        dog = results.get(0);
        kite = results.get(1);
        gallery.cloud.server().faults().add(new FaultRule(null, "s3", "PutObject", null, 503, null, null, null, 100));
        try {
            faulted = gallery.upload(tracy, List.of(images.jpeg("fault.jpg", 640, 480))).get(0);
        } finally {
            gallery.cloud.server().faults().clear();
        }
        assertThat(dog.outcome()).isEqualTo(UploadEvent.Stage.DONE);
        assertThat(faulted.outcome()).isEqualTo(UploadEvent.Stage.PENDING);
        await().atMost(Duration.ofSeconds(30)).until(() -> documents(faulted.traceId()).size() > 1
                && documents(dog.traceId()).size() > 5 && documents(kite.traceId()).size() > 5);
    }

    @AfterAll
    static void stop() {
        if (gallery != null) {
            gallery.close();
        }
    }

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply();
        tasks = new FxTaskExecutor(2);
        viewModel = new TracePanelViewModel(XRayTraceSource.forLocalDaemon(gallery.daemon.daemon().endpoint()), tasks,
                "tracy");
        view = new TracePanelView(viewModel);
        Scene scene = new Scene(view.root(), 1200, 760);
        scene.getStylesheets().add(Theme.appStylesheet());
        stage.setScene(scene);
        stage.show();
        viewModel.start();
    }

    @AfterEach
    void close() {
        viewModel.close();
        tasks.close();
    }

    private static <T> T fx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double millis(JsonNode document) {
        return (document.path("end_time").asDouble() - document.path("start_time").asDouble()) * 1000;
    }

    private void showTrace(String traceId) {
        WaitForAsyncUtils.asyncFx(() -> viewModel.selectTrace(traceId));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> viewModel.waterfall().treeProperty().get() != null
                && viewModel.waterfall().treeProperty().get().traceId().equals(traceId)
                && !viewModel.waterfall().treeProperty().get().inProgress()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private int rowIndex(java.util.function.Predicate<Span> which) {
        List<WaterfallRow> rows = fx(() -> viewModel.waterfall().rows());
        for (int i = 0; i < rows.size(); i++) {
            if (which.test(rows.get(i).span())) {
                return i;
            }
        }
        throw new AssertionError("no such row");
    }

    /** The colour drawn at the middle of a row's bar. */
    private Color barColor(int index) {
        return fx(() -> {
            WaterfallCanvas canvas = view.waterfallCanvas();
            canvas.reveal(index);
            canvas.draw();
            Rectangle2D bar = canvas.barBounds(index);
            WritableImage image = canvas.canvas().snapshot(null, null);
            return image.getPixelReader().getColor((int) (bar.getMinX() + bar.getWidth() / 2),
                    (int) (bar.getMinY() + bar.getHeight() / 2));
        });
    }

    @Test
    void anUploadTrace_showsResizeS3RekognitionAndSqlBars_andASplitThatAddsUpToTheSegment() {
        showTrace(dog.traceId());

        List<WaterfallRow> rows = fx(() -> viewModel.waterfall().rows());
        assertThat(rows).extracting(r -> r.span().name()).contains("resize_image", "S3", "Rekognition");
        assertThat(rows).filteredOn(r -> r.span().aws() != null && "PutObject".equals(r.span().aws().operation()))
                .hasSize(3);
        assertThat(rows).filteredOn(r -> r.span().aws() != null && r.span().name().equals("Rekognition"))
                .extracting(r -> r.span().aws().operation()).contains("DetectLabels", "DetectFaces");
        assertThat(rows).filteredOn(r -> r.span().sql() != null).isNotEmpty()
                .allSatisfy(r -> assertThat(r.span().component()).isEqualTo(Component.MYSQL));

        List<JsonNode> docs = documents(dog.traceId());
        JsonNode segment = docs.get(0);
        long segmentMs = Math.round(millis(segment));
        List<SplitSegment> shown = fx(() -> view.splitBar().segments());
        assertThat(shown.stream().mapToLong(SplitSegment::millis).sum()).isBetween(segmentMs - 1, segmentMs + 1);
        for (SplitSegment part : shown) {
            Label legend = robotLookup("#split-" + part.component().name());
            assertThat(legend.getText()).isEqualTo(part.text());
        }

        // every duration drawn is the stored document's
        JsonNode resizeDoc = docs.stream().filter(d -> d.path("name").asText().equals("resize_image")).findFirst()
                .orElseThrow();
        int resize = rowIndex(s -> s.name().equals("resize_image"));
        Span resizeSpan = rows.get(resize).span();
        assertThat(fx(() -> viewModel.waterfall().durationText(resizeSpan))).isEqualTo(TraceFormat.millis(millis(resizeDoc)));
        assertThat(fx(() -> viewModel.waterfall().describe(resizeSpan))).contains("resize_image");

        Color color = barColor(resize);
        Color expected = Palette.of(Component.RESIZE);
        if (fx(() -> viewModel.waterfall().onCriticalPath(resizeSpan.id()))) {
            assertThat(distance(color, expected)).as("resize bar colour %s", color).isLessThan(0.08);
        } else {
            assertThat(color.getBlue()).isGreaterThan(color.getGreen());
        }
    }

    private Label robotLookup(String query) {
        return new FxRobot().lookup(query).queryAs(Label.class);
    }

    private static double distance(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue());
    }

    @Test
    void theList_showsTheStoredTraces_withTheDocumentsDurationsAndTheFaultMarked() {
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> viewModel.list().item(faulted.traceId()) != null
                && viewModel.list().item(dog.traceId()) != null));
        for (UploadResult result : List.of(dog, kite, faulted)) {
            JsonNode segment = documents(result.traceId()).get(0);
            TraceListItem item = fx(() -> viewModel.list().item(result.traceId()));
            assertThat(fx(() -> item.actionProperty().get())).isEqualTo("upload");
            assertThat(fx(() -> item.userProperty().get())).isEqualTo("tracy");
            assertThat(fx(() -> item.durationProperty().get().toNanos() / 1e6))
                    .isCloseTo(millis(segment), org.assertj.core.data.Offset.offset(0.01));
        }
        TraceListItem failed = fx(() -> viewModel.list().item(faulted.traceId()));
        JsonNode root = documents(faulted.traceId()).get(0);
        assertThat(fx(() -> failed.faultProperty().get())).isEqualTo(root.path("fault").asBoolean());
        assertThat(fx(() -> failed.faultProperty().get() || failed.errorProperty().get())).isTrue();
        List<String> order = fx(() -> viewModel.list().items().stream().map(TraceListItem::traceId).toList());
        assertThat(order.indexOf(faulted.traceId())).as("newest first").isLessThan(order.indexOf(dog.traceId()));
    }

    @Test
    void anS3Fault_isRedInTheWaterfall_andInTheServiceMap() {
        showTrace(faulted.traceId());
        int put = rowIndex(s -> s.name().equals("S3") && s.aws() != null && "PutObject".equals(s.aws().operation()));
        Span span = fx(() -> viewModel.waterfall().rows().get(put).span());
        assertThat(span.fault()).isTrue();
        assertThat(span.httpStatus()).isEqualTo(503);
        assertThat(Palette.of(span)).isEqualTo(Palette.FAULT);
        Color color = barColor(put);
        assertThat(color.getRed()).as("bar colour %s", color).isGreaterThan(color.getGreen() + 0.2)
                .isGreaterThan(color.getBlue() + 0.2);
        assertThat(fx(() -> viewModel.waterfall().describe(span))).contains("HTTP 503").contains("PutObject");

        WaitForAsyncUtils.asyncFx(() -> view.tabs().getSelectionModel().select(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> viewModel.serviceMap().nodesProperty().get()
                .stream().anyMatch(n -> n.name().equals("S3") && n.faulty())));
        WaitForAsyncUtils.waitForFxEvents();
        var s3 = fx(() -> viewModel.serviceMap().nodesProperty().get().stream().filter(n -> n.name().equals("S3"))
                .findFirst().orElseThrow());
        VBox box = fx(() -> view.serviceMapPane().box(s3.key()));
        assertThat(box.getStyleClass()).contains("fault");
        List<Line> faultEdges = fx(() -> view.serviceMapPane().getChildren().stream()
                .filter(n -> n instanceof Line && n.getStyleClass().contains("fault")).map(n -> (Line) n).toList());
        assertThat(faultEdges).isNotEmpty();
        assertThat(fx(() -> ((Color) faultEdges.get(0).getStroke()).getRed())).isGreaterThan(0.6);
        // the numbers shown are the daemon's: 2 good uploads × 3 PutObject + the faulted ones
        Map<String, Integer> puts = new HashMap<>();
        for (UploadResult r : List.of(dog, kite, faulted)) {
            for (JsonNode d : documents(r.traceId())) {
                if (d.path("name").asText().equals("S3")) {
                    puts.merge(d.path("fault").asBoolean() ? "fault" : "ok", 1, Integer::sum);
                }
            }
        }
        var edge = fx(() -> viewModel.serviceMap().edgesProperty().get().stream().filter(e -> e.to().equals(s3.key()))
                .findFirst().orElseThrow());
        int calls = puts.getOrDefault("fault", 0) + puts.getOrDefault("ok", 0);
        assertThat(edge.label()).startsWith(calls + " calls");

        // clicking S3 lists the traces that went through it
        new FxRobot().clickOn(box);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> viewModel.list().appliedFilterProperty().get())
                .equals("service(\"S3\")"));
    }

    @Test
    void aSyntaxErrorInTheFilterBox_isMarkedAtItsPosition() throws Exception {
        String expression = "annotation.action = \"upload\" AND duration > fast";
        int expected;
        try {
            FilterExpression.parse(expression);
            throw new AssertionError("should be invalid");
        } catch (FilterSyntaxException e) {
            expected = e.position();
        }
        FxRobot robot = new FxRobot();
        robot.clickOn("#filterField");
        robot.interact(() -> view.filterField().field().setText(expression));
        robot.type(KeyCode.ENTER);

        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> viewModel.list().filterErrorProperty().get() != null));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> viewModel.list().filterErrorProperty().get().position())).isEqualTo(expected);
        Text mark = robot.lookup("#filterErrorMark").queryAs(Text.class);
        assertThat(mark.getText()).isEqualTo(String.valueOf(expression.charAt(expected - 1)));
        assertThat(robot.lookup("#filterErrorMessage").queryAs(Text.class).getText()).contains("position " + expected);
        var underline = fx(() -> view.filterField().underlineBounds());
        assertThat(underline).as("the character is underlined in the box").isNotNull();
        double fieldWidth = fx(() -> view.filterField().getWidth());
        assertThat(underline.getMinX()).isGreaterThan(0).isLessThan(fieldWidth);
        assertThat(fx(() -> viewModel.list().appliedFilterProperty().get())).as("the list keeps its filter").isEmpty();
    }

    private static List<JsonNode> documents(String traceId) {
        return StoredDocuments.of(gallery.daemon.xray(), traceId);
    }
}
