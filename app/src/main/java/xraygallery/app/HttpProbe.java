package xraygallery.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a service of this installation on the loopback whether it is there ({@code GET} of a health or telemetry
 * path). Nothing listening is known at once (the connection is refused); a service that accepted the connection
 * but answers slowly (its JVM still warming up, a loaded machine) is given {@code patience} before it counts as
 * absent, so a slow answer does not start a second copy beside it.
 */
final class HttpProbe {
    /** How long a start-up check waits for a service that accepted the connection. */
    static final Duration STARTUP_PATIENCE = Duration.ofSeconds(20);
    /** How long a health poll waits. */
    static final Duration POLL_PATIENCE = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private HttpProbe() {
    }

    /** The answer to {@code GET uri}, or null when nothing answered within {@code patience}. */
    static HttpResponse<String> get(URI uri, Duration patience) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(patience).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
