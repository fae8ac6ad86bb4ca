package xraygallery.cli;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import xraygallery.daemon.DaemonAddresses;

/**
 * {@code xray-gallery traces [--endpoint HOST:PORT | --aws]}: opens the trace panel alone in a window, against a
 * daemon's X-Ray API or AWS X-Ray. The window's classes are loaded by name, as for the main window.
 */
@Command(name = "traces", mixinStandardHelpOptions = true,
        description = "Open the trace panel alone in a window: recent traces, waterfalls, which component is slow.")
public final class TracesCommand implements Callable<Integer> {

    @Option(names = "--endpoint", paramLabel = "HOST:PORT",
            description = "The daemon's X-Ray API (default: the TCP address of AWS_XRAY_DAEMON_ADDRESS, else 127.0.0.1:2000).")
    String endpoint;

    @Option(names = "--aws", description = "Read AWS X-Ray (default credential chain) instead of a daemon.")
    boolean aws;

    @Option(names = "--profile", description = "With --aws: the AWS profile.")
    String profile;

    @Option(names = "--region", description = "With --aws: the region.")
    String region;

    @Option(names = "--user", description = "Whose actions the \"My actions\" filter shows (default: $USER).")
    String user = System.getenv("USER");

    @Option(names = "--theme", description = "light or dark (default: the main window's).")
    String theme;

    @Option(names = "--trace", paramLabel = "TRACE_ID", description = "Select this trace when the panel opens.")
    String trace;

    @Override
    public Integer call() throws Exception {
        Map<String, String> options = new HashMap<>();
        if (aws) {
            options.put("aws", "true");
            put(options, "profile", profile);
            put(options, "region", region);
        } else {
            options.put("endpoint", endpointUri(endpoint, System.getenv(DaemonAddresses.ENVIRONMENT_VARIABLE)));
        }
        put(options, "user", user);
        put(options, "theme", theme);
        put(options, "trace", trace);
        Map<String, String> env = System.getenv();
        options.put("preferences", xraygallery.photos.GalleryConfig.defaultFile(env).resolveSibling("window.properties")
                .toString());
        Class<?> launcher = Class.forName("xraygallery.ui.traces.TracePanelLauncher");
        return (Integer) launcher.getMethod("launch", Map.class).invoke(null, options);
    }

    private static void put(Map<String, String> options, String key, String value) {
        if (value != null && !value.isBlank()) {
            options.put(key, value);
        }
    }

    /**
     * {@code http://host:port} of the X-Ray API: from {@code --endpoint} (a URL or host:port), else the TCP part
     * of {@code AWS_XRAY_DAEMON_ADDRESS}, else 127.0.0.1:2000.
     */
    static String endpointUri(String option, String environment) {
        if (option != null && !option.isBlank()) {
            String value = option.strip();
            if (value.startsWith("http://") || value.startsWith("https://")) {
                return value;
            }
            return "http://" + DaemonAddresses.format(DaemonAddresses.hostPort(value));
        }
        InetSocketAddress tcp = environment == null || environment.isBlank() ? DaemonAddresses.DEFAULT.tcp()
                : DaemonAddresses.parse(environment).tcp();
        return "http://" + DaemonAddresses.format(tcp);
    }
}
