package xraygallery.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Hand-made requests signed by the AWS SDK's own SigV4 signer and sent with java.net.http, for
 * tests that need what no SDK client sends: malformed bodies, unknown services, tampered chunks.
 */
public final class SignedHttp {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "expect", "connection");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI endpoint;
    private String accessKey = "test";
    private String secretKey = "test";

    public SignedHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    public SignedHttp credentials(String access, String secret) {
        this.accessKey = access;
        this.secretKey = secret;
        return this;
    }

    /** Signs with a plain payload hash. */
    public SignedRequest sign(String service, String method, String pathAndQuery, Map<String, String> headers,
            byte[] body) {
        return sign(service, method, pathAndQuery, headers, body, false, false);
    }

    /**
     * Signs a request the way the SDK would.
     *
     * @param chunked aws-chunked signed payload ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD…})
     * @param crc32Trailer add a trailing CRC32 checksum (the {@code -TRAILER} variant)
     */
    public SignedRequest sign(String service, String method, String pathAndQuery, Map<String, String> headers,
            byte[] body, boolean chunked, boolean crc32Trailer) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .uri(endpoint.resolve(pathAndQuery))
                .method(SdkHttpMethod.fromValue(method));
        headers.forEach(request::putHeader);
        if (chunked) {
            request.putHeader("Content-Length", Integer.toString(body.length));
        }
        if (service.equals("s3") && !chunked) {
            request.putHeader("x-amz-content-sha256", "required");
        }
        return AwsV4HttpSigner.create().sign(r -> {
            r.identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !service.equals("s3"))
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !service.equals("s3"))
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                    .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, chunked);
            if (crc32Trailer) {
                r.putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32);
            }
        });
    }

    /**
     * Signs an S3 PUT the way SDKs do over HTTPS: unsigned aws-chunked payload with a CRC32
     * trailer ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}); {@link #send} still uses plain HTTP.
     */
    public SignedRequest signUnsignedTrailer(String path, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .uri(URI.create("https://" + endpoint.getHost() + ":" + endpoint.getPort() + path))
                .method(SdkHttpMethod.PUT)
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("Content-Encoding", "aws-chunked")
                .build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                .putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32));
    }

    /** The body the signer produced (chunk-encoded when asked). */
    public static byte[] payload(SignedRequest signed) {
        return signed.payload().map(p -> {
            try (InputStream in = p.newStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(new byte[0]);
    }

    /** Sends a signed request with its own body. */
    public HttpResponse<String> send(SignedRequest signed) {
        return send(signed, UnaryOperator.identity());
    }

    /** Sends a signed request with its body changed by {@code tamper}. */
    public HttpResponse<String> send(SignedRequest signed, UnaryOperator<byte[]> tamper) {
        SdkHttpRequest request = signed.request();
        URI uri = URI.create(request.getUri().toString().replaceFirst("^https:", "http:"));
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .method(request.method().name(), HttpRequest.BodyPublishers.ofByteArray(tamper.apply(payload(signed))));
        request.forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return exchange(http.build());
    }

    /** Sends an unsigned request. */
    public HttpResponse<String> sendUnsigned(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint.resolve(pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(http::header);
        return exchange(http.build());
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
