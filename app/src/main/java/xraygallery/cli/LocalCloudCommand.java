package xraygallery.cli;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import xraygallery.app.AppDirectories;
import xraygallery.app.BundledService;
import xraygallery.app.LocalAddresses;
import xraygallery.app.LocalCloudProcess;
import xraygallery.app.ParentProcess;
import xraygallery.localcloud.DataInUseException;
import xraygallery.localcloud.LocalCloudConfig;
import xraygallery.localcloud.LocalCloudServer;

/** {@code xray-gallery localcloud}: runs the offline twins of S3, RDS and Rekognition on one port until stopped. */
@Command(name = "localcloud", mixinStandardHelpOptions = true,
        description = "Run the local cloud: S3, RDS (a real MariaDB) and Rekognition (bundled models) behind the AWS"
                + " wire protocols on 127.0.0.1.")
public final class LocalCloudCommand implements Callable<Integer> {

    @Option(names = "--port", description = "HTTP port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port = LocalCloudConfig.DEFAULT_PORT;

    @Option(names = "--data", description = "Data directory (default $XDG_DATA_HOME/xray-gallery/localcloud).")
    Path dataDir;

    @Option(names = "--access-key", description = "The access key clients sign with (default ${DEFAULT-VALUE}).")
    String accessKey = LocalCloudConfig.DEFAULT_ACCESS_KEY;

    @Option(names = "--secret-key", description = "Its secret (default ${DEFAULT-VALUE}).")
    String secretKey = LocalCloudConfig.DEFAULT_SECRET_KEY;

    @Option(names = "--faults", description = "A JSON file of fault rules to load at start.")
    Path faultsFile;

    @Option(names = "--exit-with-parent", paramLabel = "PID", hidden = true,
            description = "Stop (and stop MariaDB) when this process ends (used when the app starts the local cloud).")
    Long parentPid;

    /**
     * Where an installed app keeps MariaDB's server, unpacked (its launchers set it); without it the server is
     * unpacked from its jar into the data directory.
     */
    static final String MARIADB_PROPERTY = "xraygallery.mariadb.basedir";

    @Override
    public Integer call() throws Exception {
        Path data = dataDir != null ? dataDir : AppDirectories.dataHome().resolve("localcloud");
        String mariaDb = System.getProperty(MARIADB_PROPERTY);
        LocalCloudConfig config = new LocalCloudConfig(port, data, accessKey, secretKey, faultsFile,
                mariaDb == null || mariaDb.isBlank() ? null : Path.of(mariaDb));
        URI endpoint = URI.create("http://" + LocalCloudConfig.BIND_ADDRESS + ":" + port);
        if (!LocalAddresses.tcpFree(new InetSocketAddress(LocalCloudConfig.BIND_ADDRESS, port))) {
            return addressTaken(endpoint);
        }
        LocalCloudServer server;
        try {
            server = LocalCloudServer.start(config);
        } catch (DataInUseException e) {
            System.err.println("localcloud: another local cloud already runs on " + data + " (" + e.getMessage()
                    + "); stop it first, or give this one another --data");
            return BundledService.EXIT_ALREADY_RUNNING;
        } catch (BindException e) {
            return addressTaken(endpoint);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "localcloud-shutdown"));
        ParentProcess.exitWhenGone(parentPid);
        System.out.println(BundledService.LOCAL_CLOUD.readyLine() + " " + server.endpoint());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Says who holds the port: a local cloud already running there, or another program. */
    private static int addressTaken(URI endpoint) {
        if (LocalCloudProcess.answers(endpoint)) {
            System.err.println("localcloud: a local cloud already runs on " + endpoint + "; nothing to do");
            return BundledService.EXIT_ALREADY_RUNNING;
        }
        System.err.println("localcloud: " + endpoint.getHost() + ":" + endpoint.getPort() + " is taken by another"
                + " program, not a local cloud; choose another port with --port (and point the app at it with"
                + " XRAY_GALLERY_LOCALCLOUD)");
        return BundledService.EXIT_ADDRESS_TAKEN;
    }
}
