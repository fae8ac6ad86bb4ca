package xraygallery.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Requests the HTTP server refuses before any handler runs still get S3's XML error format, a
 * request id and no HTML; the server keeps serving signed calls afterwards, and a backslash key
 * reaches no file outside the bucket's store.
 */
@Tag("integration")
class MalformedRequestTest {
    private static final String HOST = "Host: 127.0.0.1\r\n";
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern REQUEST_ID = Pattern.compile("<RequestId>([^<]*)</RequestId>");

    private static LocalCloudFixture cloud;
    private static S3Client s3;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloudFixture.start("malformed");
        s3 = cloud.s3();
        s3.createBucket(b -> b.bucket("photos"));
        s3.putObject(b -> b.bucket("photos").key("kept.txt"), RequestBody.fromString("still here"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        cloud.close();
    }

    @AfterEach
    void serverStillAnswersSignedCalls() {
        assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("kept.txt")).asUtf8String()).isEqualTo("still here");
    }

    static Stream<Arguments> malformedRequests() {
        String tooLarge = "X-Padding: " + "a".repeat(CloudHttpServer.MAX_REQUEST_HEADER_BYTES + 1024) + "\r\n";
        return Stream.of(
                Arguments.of("raw backslash key GET", "GET /photos/..\\..\\x HTTP/1.1\r\n" + HOST + "\r\n",
                        400, "InvalidURI"),
                Arguments.of("raw backslash key PUT", "PUT /photos/..\\..\\x HTTP/1.1\r\n" + HOST
                        + "Content-Length: 5\r\n\r\nhello", 400, "InvalidURI"),
                Arguments.of("bad percent escape", "GET /photos/a%ZZ HTTP/1.1\r\n" + HOST + "\r\n", 400, "InvalidURI"),
                Arguments.of("request line longer than the limit", "GET /photos/"
                        + "k".repeat(CloudHttpServer.MAX_REQUEST_HEADER_BYTES + 1024) + " HTTP/1.1\r\n" + HOST + "\r\n",
                        400, "InvalidURI"),
                Arguments.of("garbage request line", "NOT AN HTTP REQUEST\r\n\r\n", 400, "BadRequest"),
                Arguments.of("unknown HTTP version", "GET /photos/kept.txt HTTP/9.9\r\n" + HOST + "\r\n",
                        400, "BadRequest"),
                Arguments.of("header line without colon", "GET /photos/kept.txt HTTP/1.1\r\n" + HOST
                        + "NoColonHere\r\n\r\n", 400, "BadRequest"),
                Arguments.of("non-numeric Content-Length", "PUT /photos/k.txt HTTP/1.1\r\n" + HOST
                        + "Content-Length: twelve\r\n\r\n", 400, "BadRequest"),
                Arguments.of("header larger than the limit", "GET /photos/kept.txt HTTP/1.1\r\n" + HOST
                        + tooLarge + "\r\n", 400, "RequestHeaderSectionTooLarge"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void malformedRequest_isAnsweredInS3XmlWithARequestId(String name, String request, int status, String code)
            throws IOException {
        RawAnswer answer = send(request);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("content-type")).startsWith("application/xml");
        assertThat(answer.body()).startsWith("<?xml").contains("<Error>").doesNotContainIgnoringCase("<html");
        assertThat(first(CODE, answer.body())).isEqualTo(code);
        assertThat(answer.header("x-amz-request-id")).isNotBlank().isEqualTo(first(REQUEST_ID, answer.body()));
    }

    @Test
    void rawBackslashPut_storesNothing_inTheBucketOrOutsideIt() throws IOException {
        Path outside = cloud.dataDir().getParent();
        long filesOutsideBefore = countFiles(outside) - countFiles(cloud.dataDir());

        RawAnswer answer = send("PUT /photos/..\\..\\x HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(s3.listObjectsV2(b -> b.bucket("photos")).contents()).noneMatch(o -> o.key().contains("\\"));
        assertThat(countFiles(outside) - countFiles(cloud.dataDir())).isEqualTo(filesOutsideBefore);
    }

    @Test
    void backslashKeySentPercentEncoded_asSdksDo_isAnOrdinaryKeyInsideTheBucket() throws IOException {
        Path outside = cloud.dataDir().getParent();
        long filesOutsideBefore = countFiles(outside) - countFiles(cloud.dataDir());

        s3.putObject(b -> b.bucket("photos").key("..\\..\\x"), RequestBody.fromString("a backslash key"));

        assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("..\\..\\x")).asUtf8String())
                .isEqualTo("a backslash key");
        assertThat(countFiles(outside) - countFiles(cloud.dataDir())).isEqualTo(filesOutsideBefore);
        try (Stream<Path> files = Files.walk(cloud.dataDir())) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.equals("x") || n.contains("\\"));
        }
    }

    /** Sends raw bytes on a new connection and reads the answer until the server closes it. */
    private static RawAnswer send(String request) throws IOException {
        try (Socket socket = new Socket(cloud.endpoint().getHost(), cloud.endpoint().getPort())) {
            socket.setSoTimeout(30_000); // a guard against a server that never answers, not a wait
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return RawAnswer.parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** The first response on a connection: status, headers by lower-case name, body. */
    private record RawAnswer(int status, Map<String, String> headers, String body) {
        static RawAnswer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            assertThat(end).as("a complete response head in: %s", raw).isPositive();
            String[] lines = raw.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new RawAnswer(status, headers, raw.substring(end + 4, Math.min(raw.length(), end + 4 + length)));
        }

        String header(String name) {
            return headers.get(name);
        }
    }
}
