package xraygallery.localcloud.rds;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import xraygallery.localcloud.LocalCloudConfig;
import xraygallery.localcloud.LocalCloudServer;

/**
 * Runs in a child JVM for {@link ProcessDeathTest}: a local cloud on data dir {@code args[0]}
 * (MariaDB binaries in {@code args[1]}) that closes itself on SIGTERM like the {@code localcloud}
 * command, with its instance started; prints its status, then waits to be signalled.
 */
public final class ChildLocalCloud {
    private ChildLocalCloud() {
    }

    public static void main(String[] args) throws Exception {
        LocalCloudServer server = LocalCloudServer.start(
                new LocalCloudConfig(0, Path.of(args[0]), "test", "test", null, Path.of(args[1])));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fixture-shutdown"));
        DbInstance instance = server.service("rds", RdsService.class)
                .instance(RdsService.DEFAULT_INSTANCE_ID).orElseThrow();
        instance.requestStart();
        await().atMost(Duration.ofMinutes(2)).until(() -> instance.status() != InstanceStatus.STARTING);
        System.out.println("FIXTURE STATUS " + instance.status().awsName());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
