package xraygallery.ui;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.PhotoFiles;
import xraygallery.ui.upload.FileDrag;

/**
 * Takes the README's screenshots of the real window (not a test; run by {@code tools/screenshots.sh} under Xvfb):
 * a fresh session on its own local cloud and daemon, a newcomer's way through sign-up, a dropped batch of photos
 * mid-upload, the gallery with the trace panel, a photo with its boxes, the settings — each in light and dark.
 */
public final class ScreenshotTour {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private final Path out;
    private final Path work;
    private GalleryApp app;
    private Stage stage;

    private ScreenshotTour(Path out, Path work) {
        this.out = out;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots").toAbsolutePath();
        Path work = Path.of(args.length > 1 ? args[1] : "target/screenshot-tour").toAbsolutePath();
        Files.createDirectories(out);
        new ScreenshotTour(out, work).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Platform.startup(() -> { });
        DesktopOptions options = new DesktopOptions(Map.of(
                "XRAY_GALLERY_LOCALCLOUD", "http://127.0.0.1:4593",
                "XRAY_GALLERY_LOCALCLOUD_DATA", work.resolve("localcloud").toString()),
                work.resolve("config/config.properties"), work.resolve("data"), "127.0.0.1:2093",
                work.resolve("config/window.properties"), false);
        onFx(() -> {
            app = new GalleryApp(options, GalleryRuntime::open);
            stage = new Stage();
            app.start(stage);
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1400);
            stage.setHeight(900);
            return null;
        });
        try {
            tour();
        } finally {
            onFx(() -> {
                app.stop();
                return null;
            });
        }
    }

    private void tour() throws Exception {
        until(() -> shown("#userName"));
        until(() -> text("#databaseHeadline").endsWith("is stopped") || text("#databaseHeadline").endsWith("is available"));
        if (text("#databaseHeadline").endsWith("is stopped")) {
            click("#startDatabase");
        }
        until(() -> text("#databaseHeadline").endsWith("is available"));
        type("#userName", "maya");
        both("signin");

        click("#switchSignInMode");
        type("#userName", "maya");
        type("#password", "maya's good password");
        type("#repeatedPassword", "maya's good password");
        click("#submitSignIn");
        until(() -> shown("#galleryHeadline"));

        Path folder = Files.createDirectories(work.resolve("Pictures").resolve("Summer 2026"));
        List<File> batch = new ArrayList<>();
        for (String photo : List.of("dog.jpg", "kite.jpg", "giraffe.jpg", "eagle.jpg", "astronaut.jpg",
                "chelsea.jpg", "horses.jpg", "person.jpg")) {
            batch.add(copy(photo, folder.resolve(photo), false));
            batch.add(copy(photo, folder.resolve(photo.replace(".jpg", "-2.jpg")), true));
        }
        Path notes = folder.resolve("packing list.txt");
        Files.writeString(notes, "passport, charger");
        batch.add(notes.toFile());
        batch.add(new PhotoFiles("screenshot-tour").pngHeaderClaiming("panorama 30000x30000.png", 30_000, 30_000)
                .toFile());
        drop(batch);
        until(() -> text("#uploadSummary").matches("[3-9] of .*|1[0-9] of .*"));
        both("uploads");

        until(() -> text("#uploadSummary").startsWith("16 of 18"));
        click("#toggleTraces");
        until(() -> lookup("#photoGrid") != null);
        onFx(() -> {
            app.window().workspace().gallery().viewModel().select(2);
            return null;
        });
        sleep(3000); // the panel polls once a second: let it show the selected upload's waterfall
        clearNotifications();
        both("workspace");

        click("#toggleTraces");
        onFx(() -> {
            app.window().workspace().gallery().viewModel().openSelected();
            return null;
        });
        until(() -> shown("#photoDetail") && onFx(() -> ((javafx.scene.image.ImageView) stage.getScene().lookup("#detailImage")).getImage() != null));
        onFx(() -> {
            ToggleButton boxes = (ToggleButton) stage.getScene().lookup("#toggleBoxes");
            if (!boxes.isDisabled()) {
                boxes.setSelected(true);
            }
            return null;
        });
        clearNotifications();
        both("detail");
        onFx(() -> {
            app.window().workspace().gallery().viewModel().detail().close();
            return null;
        });

        Platform.runLater(() -> ((Button) stage.getScene().lookup("#settingsButton")).fire());
        until(() -> settingsWindow() != null);
        Window settings = settingsWindow();
        onFx(() -> {
            ((ToggleButton) settings.getScene().lookup("#awsMode")).fire();
            ((TextField) settings.getScene().lookup("#bucket")).setText("my-course-photos");
            return null;
        });
        sleep(500);
        snapshot(settings.getScene(), "settings-light");
        theme();
        sleep(500);
        snapshot(settings.getScene(), "settings-dark");
        theme();
        onFx(() -> {
            ((Stage) settings).close();
            return null;
        });
    }

    /** A test photo, or its mirror image, written to {@code to}. */
    private static File copy(String photo, Path to, boolean mirrored) throws IOException {
        try (var in = ScreenshotTour.class.getResourceAsStream("/photos/" + photo)) {
            BufferedImage image = ImageIO.read(in);
            if (mirrored) {
                BufferedImage mirror = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = mirror.createGraphics();
                g.drawImage(image, image.getWidth(), 0, -image.getWidth(), image.getHeight(), null);
                g.dispose();
                image = mirror;
            }
            if (!ImageIO.write(image, "jpg", to.toFile())) {
                throw new IOException("no JPEG writer for " + to);
            }
        }
        return to.toFile();
    }

    private void clearNotifications() throws Exception {
        onFx(() -> {
            Node notifications = stage.getScene().lookup(".notifications");
            if (notifications instanceof javafx.scene.layout.Pane pane) {
                pane.getChildren().clear();
            }
            return null;
        });
    }

    /** Light, then dark (and back to light). */
    private void both(String name) throws Exception {
        sleep(700);
        snapshot(stage.getScene(), name + "-light");
        theme();
        sleep(700);
        snapshot(stage.getScene(), name + "-dark");
        theme();
    }

    private void theme() throws Exception {
        onFx(() -> {
            ((Button) stage.getScene().lookup("#themeButton")).fire();
            return null;
        });
    }

    private void drop(List<File> files) throws Exception {
        Node target = lookup("#galleryHeadline");
        FileDrag drag = onFx(() -> FileDrag.ofFiles(stage.getScene(), files));
        onFx(() -> drag.enter(target));
        onFx(() -> drag.over(target));
        onFx(drag::drop);
    }

    private void snapshot(Scene scene, String name) throws Exception {
        WritableImage image = onFx(() -> scene.snapshot(null));
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getPixelReader().getPixels(0, y, width, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(),
                    row, 0, width);
            buffered.setRGB(0, y, width, 1, row, 0, width);
        }
        ImageIO.write(buffered, "png", out.resolve(name + ".png").toFile());
        System.out.println("wrote " + out.resolve(name + ".png"));
    }

    private Window settingsWindow() throws Exception {
        return onFx(() -> Window.getWindows().stream().filter(w -> w != stage && w.isShowing()
                && w.getScene() != null && w.getScene().lookup("#awsMode") != null).findFirst().orElse(null));
    }

    private Node lookup(String selector) throws Exception {
        return onFx(() -> stage.getScene().lookup(selector));
    }

    private boolean shown(String selector) throws Exception {
        return onFx(() -> {
            Node node = stage.getScene().lookup(selector);
            return node != null && node.isVisible() && node.getScene() != null;
        });
    }

    private String text(String selector) throws Exception {
        return onFx(() -> {
            Node node = stage.getScene().lookup(selector);
            return node instanceof Label label && label.getText() != null ? label.getText() : "";
        });
    }

    private void click(String selector) throws Exception {
        onFx(() -> {
            Node node = stage.getScene().lookup(selector);
            if (node instanceof javafx.scene.control.ButtonBase button) {
                button.fire();
            } else if (node instanceof javafx.scene.control.Hyperlink link) {
                link.fire();
            }
            return null;
        });
    }

    private void type(String selector, String text) throws Exception {
        onFx(() -> {
            ((TextField) stage.getScene().lookup(selector)).setText(text);
            return null;
        });
    }

    private static void until(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the tour waited too long");
            }
            sleep(200);
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis); // a tour, not a test: let animations and polls settle before a snapshot
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(1, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                if (thread.getName().contains("JavaFX Application")) {
                    System.err.println("FX thread stuck at:");
                    for (StackTraceElement frame : stack) {
                        System.err.println("    " + frame);
                    }
                }
            });
            throw e;
        }
    }
}
