import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.TraceSummary;

/**
 * The client side of packaging/check.sh, run on the app-image's own runtime and jars with nothing else on the class
 * path: it proves the trimmed runtime has what the AWS SDK needs for signed calls, TLS and the X-Ray API.
 *
 * <pre>
 * list-buckets ENDPOINT         S3 ListBuckets, SigV4-signed (test/test): prints one bucket name a line
 * trace DAEMON TRACE_ID         GetTraceSummaries of the last 15 minutes: prints the trace's action and services
 * tls KEYSTORE PASSWORD         a TLS handshake between the JDK's HTTPS server and the AWS SDK's HTTP client (an EC
 *                               key: ECDHE and ECDSA), and the default trust store's Amazon root: prints the protocol
 * free-ports N                  N TCP ports free on 127.0.0.1 now, one a line
 * hold PORT                     listens on 127.0.0.1:PORT (another program holding a service's port) until killed
 * </pre>
 */
@SuppressWarnings("deprecation") // ApacheHttpClient: the HTTP client the app itself uses
public final class PackagingCheck {
    private static final StaticCredentialsProvider TEST = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("test", "test"));

    private PackagingCheck() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "list-buckets" -> listBuckets(URI.create(args[1]));
            case "trace" -> trace(URI.create(args[1]), args[2]);
            case "tls" -> tls(Path.of(args[1]), args[2].toCharArray());
            case "free-ports" -> freePorts(Integer.parseInt(args[1]));
            case "hold" -> hold(Integer.parseInt(args[1]));
            default -> {
                System.err.println("usage: PackagingCheck list-buckets ENDPOINT | trace DAEMON TRACE_ID | tls KEYSTORE PASSWORD"
                        + " | free-ports N | hold PORT");
                System.exit(2);
            }
        }
    }

    private static void listBuckets(URI endpoint) {
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .httpClient(ApacheHttpClient.create()).credentialsProvider(TEST).build()) {
            for (Bucket bucket : s3.listBuckets().buckets()) {
                System.out.println(bucket.name());
            }
        }
    }

    private static void trace(URI daemon, String traceId) {
        try (XRayClient xray = XRayClient.builder().endpointOverride(daemon).region(Region.US_EAST_1)
                .httpClient(ApacheHttpClient.create()).credentialsProvider(TEST).build()) {
            Instant now = Instant.now();
            List<TraceSummary> summaries = xray.getTraceSummariesPaginator(r -> r.startTime(now.minusSeconds(900))
                    .endTime(now.plusSeconds(60))).traceSummaries().stream().collect(Collectors.toList());
            TraceSummary summary = summaries.stream().filter(s -> s.id().equals(traceId)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("trace " + traceId + " is not among the daemon's "
                            + summaries.size() + " traces"));
            String action = summary.annotations().get("action").get(0).annotationValue().stringValue();
            String services = summary.serviceIds().stream().map(s -> s.name()).sorted().collect(Collectors.joining(","));
            System.out.println("action=" + action + " services=" + services + " fault=" + summary.hasFault()
                    + " error=" + summary.hasError());
        }
    }

    private static void tls(Path keyStoreFile, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        AtomicReference<String> negotiated = new AtomicReference<>();
        server.createContext("/", exchange -> {
            HttpsExchange https = (HttpsExchange) exchange;
            negotiated.set(https.getSSLSession().getProtocol() + " " + https.getSSLSession().getCipherSuite());
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keys);
            int port = server.getAddress().getPort();
            try (SdkHttpClient client = ApacheHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers)
                    .build()) {
                HttpExecuteResponse response = client.prepareRequest(HttpExecuteRequest.builder()
                        .request(SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                                .uri(URI.create("https://localhost:" + port + "/")).build())
                        .build()).call();
                if (response.httpResponse().statusCode() != 200) {
                    throw new IllegalStateException("HTTPS answered " + response.httpResponse().statusCode());
                }
            }
        } finally {
            server.stop(0);
        }
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        X509Certificate[] roots = Arrays.stream(defaults.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast).flatMap(t -> Arrays.stream(t.getAcceptedIssuers()))
                .toArray(X509Certificate[]::new);
        boolean amazon = Arrays.stream(roots).anyMatch(c -> c.getSubjectX500Principal().getName().contains("CN=Amazon Root CA 1"));
        if (!amazon) {
            throw new IllegalStateException("the runtime's trust store (" + roots.length + " roots) lacks Amazon Root CA 1");
        }
        System.out.println("tls " + negotiated.get() + "; " + roots.length + " trusted roots, Amazon Root CA 1 among them");
    }

    private static void freePorts(int count) throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                System.out.println(socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void hold(int port) throws Exception {
        try (ServerSocket socket = new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress())) {
            System.out.println("holding 127.0.0.1:" + socket.getLocalPort());
            System.out.flush();
            new CountDownLatch(1).await(); // until the check kills this process
        }
    }
}
