package xraygallery.ui;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.testfx.api.FxToolkit;
import xraygallery.app.GalleryRuntime;
import xraygallery.localcloud.LocalCloudFixture;

/**
 * The whole window on Monocle against a test's own local cloud and daemon, its config and data in a folder of the
 * local cloud's test data: what the tests of the integrated window share.
 */
final class FixtureWindow {
    private FixtureWindow() {
    }

    /** Opens the window on {@code cloud} and the daemon at {@code daemonAddress} (as AWS_XRAY_DAEMON_ADDRESS). */
    static GalleryApp open(LocalCloudFixture cloud, String daemonAddress) throws TimeoutException {
        Path home = cloud.dataDir().resolve("home");
        DesktopOptions options = new DesktopOptions(Map.of(
                "XRAY_GALLERY_LOCALCLOUD", cloud.endpoint().toString(),
                "XRAY_GALLERY_LOCALCLOUD_DATA", cloud.dataDir().toString()),
                home.resolve("config").resolve("config.properties"), home.resolve("data"), daemonAddress,
                home.resolve("config").resolve("window.properties"), false);
        FxToolkit.registerPrimaryStage();
        return (GalleryApp) FxToolkit.setupApplication(() -> new GalleryApp(options, GalleryRuntime::open));
    }
}
