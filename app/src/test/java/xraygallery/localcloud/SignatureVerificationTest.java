package xraygallery.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** SigV4 in all the forms clients send it: headers, presigned URLs, signed chunks with trailers. */
@Tag("integration")
class SignatureVerificationTest {
    private static LocalCloudFixture cloud;
    private static S3Client s3;
    private static SignedHttp http;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloudFixture.start("sigv4");
        s3 = cloud.s3();
        s3.createBucket(b -> b.bucket("private"));
        s3.putObject(b -> b.bucket("private").key("secret.txt"), RequestBody.fromString("for key holders only"));
        http = new SignedHttp(cloud.endpoint());
    }

    @AfterAll
    static void stop() {
        s3.close();
        cloud.close();
    }

    private static S3Presigner presigner(String secret) {
        return S3Presigner.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", secret)))
                .build();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wrongSecretKey_isSignatureDoesNotMatch() {
        try (S3Client stranger = cloud.s3("test", "not-the-secret")) {
            assertThatThrownBy(() -> stranger.getObjectAsBytes(b -> b.bucket("private").key("secret.txt")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
    }

    @Test
    void largeUploadWithWrongSecret_getsTheErrorNotAResetConnection() {
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        try (S3Client stranger = cloud.s3("test", "not-the-secret")) {
            assertThatThrownBy(() -> stranger.putObject(b -> b.bucket("private").key("big.bin"),
                    RequestBody.fromBytes(tenMegabytes)))
                    .isInstanceOfSatisfying(S3Exception.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
        }
    }

    @Test
    void unknownAccessKey_isInvalidAccessKeyId() {
        try (S3Client stranger = cloud.s3("someone-else", "test")) {
            assertThatThrownBy(() -> stranger.listBuckets())
                    .isInstanceOfSatisfying(S3Exception.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId"));
        }
    }

    @Test
    void anonymousRequest_isAccessDeniedInS3Xml() throws Exception {
        HttpResponse<String> response = get(cloud.endpoint() + "/private/secret.txt");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>AccessDenied</Code>").doesNotContain("for key holders only");
    }

    @Test
    void presignedGet_worksWithPlainHttp_andFailsWhenTampered() throws Exception {
        try (S3Presigner presigner = presigner("test")) {
            String url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("private").key("secret.txt"))).url().toString();

            HttpResponse<String> ok = get(url);
            HttpResponse<String> otherKey = get(url.replace("secret.txt", "other.txt"));

            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("for key holders only");
            assertThat(otherKey.statusCode()).isEqualTo(403);
            assertThat(otherKey.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        }
    }

    @Test
    void presignedGet_withWrongSecret_isRefused() throws Exception {
        try (S3Presigner presigner = presigner("guessed")) {
            String url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("private").key("secret.txt"))).url().toString();

            assertThat(get(url).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void presignedGet_expires() throws Exception {
        try (S3Presigner presigner = presigner("test")) {
            String url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofSeconds(1))
                    .getObjectRequest(g -> g.bucket("private").key("secret.txt"))).url().toString();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(get(url).body()).contains("Request has expired"));
        }
    }

    @Test
    void signedChunks_withCrc32Trailer_areDecodedAndStored() {
        byte[] content = "chunked content that the SDK's own signer encoded".repeat(3000).getBytes(StandardCharsets.UTF_8);
        SignedRequest signed = http.sign("s3", "PUT", "/private/chunked.txt",
                Map.of("Content-Encoding", "aws-chunked"), content, true, true);

        HttpResponse<String> response = http.send(signed);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("private").key("chunked.txt")).asByteArray()).isEqualTo(content);
        assertThat(s3.headObject(b -> b.bucket("private").key("chunked.txt")).contentEncoding()).isNull();
    }

    @Test
    void unsignedChunksWithTrailer_areDecoded_andAWrongTrailerChecksumIsBadDigest() {
        byte[] content = "what SDKs send over HTTPS".repeat(1000).getBytes(StandardCharsets.UTF_8);
        SignedRequest signed = http.signUnsignedTrailer("/private/unsigned-trailer.txt", content);
        assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256")).hasValue("STREAMING-UNSIGNED-PAYLOAD-TRAILER");

        HttpResponse<String> ok = http.send(signed);
        HttpResponse<String> corrupted = http.send(http.signUnsignedTrailer("/private/corrupted.txt", content), body -> {
            byte[] copy = Arrays.copyOf(body, body.length);
            int dataStart = new String(copy, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
            copy[dataStart] ^= 1;
            return copy;
        });

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("private").key("unsigned-trailer.txt")).asByteArray()).isEqualTo(content);
        assertThat(corrupted.statusCode()).isEqualTo(400);
        assertThat(corrupted.body()).contains("<Code>BadDigest</Code>");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("private").key("corrupted.txt"))).isInstanceOf(S3Exception.class);
    }

    @Test
    void virtualHostStyle_addressesTheBucketByHostName() {
        try (S3Client virtualHost = S3Client.builder()
                .endpointOverride(java.net.URI.create("http://localhost:" + cloud.endpoint().getPort()))
                .region(Region.US_EAST_1)
                .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                        .dnsResolver(host -> new java.net.InetAddress[] {java.net.InetAddress.getLoopbackAddress()}).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            virtualHost.putObject(b -> b.bucket("private").key("vhost/file.txt"), RequestBody.fromString("by host"));

            assertThat(s3.getObjectAsBytes(b -> b.bucket("private").key("vhost/file.txt")).asUtf8String()).isEqualTo("by host");
            assertThat(virtualHost.getObjectAsBytes(b -> b.bucket("private").key("vhost/file.txt")).asUtf8String())
                    .isEqualTo("by host");
        }
    }

    @Test
    void tamperedChunk_isSignatureDoesNotMatch_andNothingIsStored() {
        byte[] content = "original chunk bytes".repeat(100).getBytes(StandardCharsets.UTF_8);
        SignedRequest signed = http.sign("s3", "PUT", "/private/tampered.txt",
                Map.of("Content-Encoding", "aws-chunked"), content, true, false);

        HttpResponse<String> response = http.send(signed, body -> {
            byte[] copy = Arrays.copyOf(body, body.length);
            int dataStart = new String(copy, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
            copy[dataStart + 5] ^= 1;
            return copy;
        });

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("private").key("tampered.txt"))).isInstanceOf(S3Exception.class);
    }

    @Test
    void connectionDroppedMidBody_storesNothing_andTheServerKeepsServing() throws Exception {
        byte[] content = "will be cut".repeat(5000).getBytes(StandardCharsets.UTF_8);
        SignedRequest signed = http.sign("s3", "PUT", "/private/cut.txt",
                Map.of("Content-Encoding", "aws-chunked"), content, true, true);
        byte[] body = SignedHttp.payload(signed);
        StringBuilder head = new StringBuilder("PUT /private/cut.txt HTTP/1.1\r\n");
        signed.request().forEachHeader((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
        head.append("\r\n");

        try (Socket socket = new Socket(cloud.endpoint().getHost(), cloud.endpoint().getPort())) {
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body, 0, body.length / 2);
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        }

        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("private").key("cut.txt"))).isInstanceOf(S3Exception.class);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("private").key("secret.txt")).asUtf8String())
                .isEqualTo("for key holders only");
    }

    @Test
    void payloadNotMatchingItsSignedHash_isXAmzContentSHA256Mismatch() {
        SignedRequest signed = http.sign("s3", "PUT", "/private/hash.txt", Map.of(), "signed bytes".getBytes());

        HttpResponse<String> response = http.send(signed, body -> "other bytes!".getBytes());

        assertThat(response.body()).contains("<Code>XAmzContentSHA256Mismatch</Code>");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("private").key("hash.txt"))).isInstanceOf(S3Exception.class);
    }

    @Test
    void staleSignature_isRequestTimeTooSkewed() {
        SignedRequest signed = http.sign("s3", "GET", "/private/secret.txt", Map.of(), new byte[0]);
        // Re-sign by hand with a date an hour ago would need the key; instead send a well-formed
        // header whose X-Amz-Date is old: the time check comes before the signature check.
        var request = signed.request().toBuilder().putHeader("X-Amz-Date", "20200101T000000Z").build();
        String authorization = request.firstMatchingHeader("Authorization").orElseThrow()
                .replaceFirst("Credential=test/\\d{8}/", "Credential=test/20200101/");
        HttpResponse<String> response = http.sendUnsigned("GET", "/private/secret.txt", Map.of(
                "Authorization", authorization, "X-Amz-Date", "20200101T000000Z",
                "x-amz-content-sha256", request.firstMatchingHeader("x-amz-content-sha256").orElseThrow()), new byte[0]);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>RequestTimeTooSkewed</Code>");
    }

    @Test
    void malformedAuthorizationHeaders_areAnsweredNotCrashed() {
        for (String authorization : new String[] {"AWS test:signature", "AWS4-HMAC-SHA256 garbage",
            "AWS4-HMAC-SHA256 Credential=test/x, SignedHeaders=host, Signature=00"}) {
            HttpResponse<String> response = http.sendUnsigned("GET", "/private/secret.txt",
                    Map.of("Authorization", authorization, "X-Amz-Date", "20261125T000000Z"), new byte[0]);

            assertThat(response.statusCode()).as(authorization).isBetween(400, 403);
            assertThat(response.body()).contains("<Error>").contains("<Code>").doesNotContain("Exception");
        }
        assertThat(s3.getObjectAsBytes(b -> b.bucket("private").key("secret.txt")).asUtf8String())
                .isEqualTo("for key holders only");
    }

    @Test
    void unknownService_isAnsweredWithAnAwsError() {
        SignedRequest signed = http.sign("dynamodb", "POST", "/", Map.of("X-Amz-Target", "DynamoDB_20120810.ListTables"),
                "{}".getBytes());

        HttpResponse<String> response = http.send(signed);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>UnknownService</Code>").contains("dynamodb");
    }

    @Test
    void malformedXml_isMalformedXML_andTheServerKeepsServing() {
        byte[] body = "<Delete><Object><Key>a</Key></Object>".getBytes();
        SignedRequest signed = http.sign("s3", "POST", "/private?delete", Map.of("Content-Type", "application/xml"), body);

        HttpResponse<String> response = http.send(signed);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>MalformedXML</Code>");
        assertThat(s3.listBuckets().buckets()).isNotEmpty();
    }

    @Test
    void xmlWithDoctype_isRefused() {
        byte[] body = ("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>").getBytes();
        SignedRequest signed = http.sign("s3", "POST", "/private?delete", Map.of("Content-Type", "application/xml"), body);

        HttpResponse<String> response = http.send(signed);

        assertThat(response.body()).contains("<Code>MalformedXML</Code>").doesNotContain("root:");
    }

    @Test
    void unsupportedSubresource_isNotImplemented() {
        SignedRequest signed = http.sign("s3", "GET", "/private?acl", Map.of(), new byte[0]);

        HttpResponse<String> response = http.send(signed);

        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(response.body()).contains("<Code>NotImplemented</Code>");
    }
}
