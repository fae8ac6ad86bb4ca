package xraygallery.localcloud.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.localcloud.AwsServiceException;
import xraygallery.localcloud.Uris;

/**
 * Recomputes a request's SigV4 signature with the local cloud's secret key and compares it with
 * the one the client sent, so that only holders of the key can use the local cloud.
 */
public final class SigV4Verifier {
    private static final Logger LOG = LoggerFactory.getLogger(SigV4Verifier.class);
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final String accessKeyId;
    private final String secretKey;
    private final Clock clock;

    public SigV4Verifier(String accessKeyId, String secretKey, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretKey = secretKey;
        this.clock = clock;
    }

    /** What a request's signed parts look like, as the verifier needs them. */
    public interface SignedRequest {
        String method();

        /** The path exactly as the client sent it (still percent-encoded). */
        String rawPath();

        /** Decoded query parameters in arrival order. */
        List<Map.Entry<String, String>> queryParameters();

        /** All values of a header by lower-case name; empty when absent. */
        List<String> headerValues(String lowerCaseName);
    }

    /**
     * Verifies the signature of {@code request}.
     *
     * @param payloadHash the hex SHA-256 of the body, or the literal the client signed instead
     *     ({@code UNSIGNED-PAYLOAD}, {@code STREAMING-…})
     * @return the signing context for the chunk signatures that may follow
     * @throws AwsServiceException {@code InvalidAccessKeyId}, {@code SignatureDoesNotMatch},
     *     {@code RequestTimeTooSkewed} or {@code AccessDenied} (expired presigned URL)
     */
    public SigningContext verify(SignedRequest request, SigV4Authorization auth, String payloadHash) {
        if (!accessKeyId.equals(auth.accessKeyId())) {
            throw new AwsServiceException(403, "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.");
        }
        checkTime(auth);
        String canonicalRequest = canonicalRequest(request, auth, payloadHash);
        String stringToSign = SigV4.ALGORITHM + "\n" + auth.amzDate() + "\n" + auth.scope() + "\n"
                + SigV4.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] signingKey = SigV4.signingKey(secretKey, auth.date(), auth.region(), auth.service());
        String expected = SigV4.hex(SigV4.hmac(signingKey, stringToSign));
        if (!SigV4.sameSignature(expected, auth.signature())) {
            LOG.debug("signature mismatch; canonical request was:\n{}", canonicalRequest);
            throw new AwsServiceException(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. "
                            + "Check your key and signing method.");
        }
        return new SigningContext(signingKey, auth.scope(), auth.amzDate(), expected);
    }

    private void checkTime(SigV4Authorization auth) {
        Instant now = clock.instant();
        Instant signed = auth.signedAt();
        if (auth.presigned()) {
            if (now.isAfter(signed.plusSeconds(auth.expiresSeconds()))) {
                throw new AwsServiceException(403, "AccessDenied", "Request has expired");
            }
            if (signed.isAfter(now.plus(MAX_SKEW))) {
                throw new AwsServiceException(403, "AccessDenied", "Request is not valid yet");
            }
        } else if (Duration.between(signed, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new AwsServiceException(403, "RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large.");
        }
    }

    static String canonicalRequest(SignedRequest request, SigV4Authorization auth, String payloadHash) {
        StringBuilder canonical = new StringBuilder(512);
        canonical.append(request.method()).append('\n');
        canonical.append(canonicalUri(request.rawPath(), auth.service())).append('\n');
        canonical.append(canonicalQuery(request.queryParameters(), auth.presigned())).append('\n');
        for (String name : auth.signedHeaders()) {
            String value = request.headerValues(name).stream()
                    .map(v -> v.trim().replaceAll(" +", " "))
                    .collect(Collectors.joining(","));
            canonical.append(name).append(':').append(value).append('\n');
        }
        canonical.append('\n').append(String.join(";", auth.signedHeaders())).append('\n');
        canonical.append(payloadHash);
        return canonical.toString();
    }

    /**
     * S3 signs the decoded path encoded once in the strict SigV4 set (so {@code //} sent as
     * {@code /%2F} still verifies); every other service signs it normalised and encoded twice.
     */
    private static String canonicalUri(String rawPath, String service) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if ("s3".equals(service)) {
            return Uris.awsEncode(Uris.decode(path, false), true);
        }
        return Uris.awsEncode(removeDotSegments(path), true);
    }

    private static String removeDotSegments(String path) {
        List<String> out = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                if (out.size() > 1) {
                    out.remove(out.size() - 1);
                }
            } else if (!segment.equals(".")) {
                out.add(segment);
            }
        }
        String joined = String.join("/", out);
        return joined.startsWith("/") ? joined : "/" + joined;
    }

    private static String canonicalQuery(List<Map.Entry<String, String>> parameters, boolean presigned) {
        return parameters.stream()
                .filter(p -> !(presigned && p.getKey().equals("X-Amz-Signature")))
                .map(p -> Map.entry(Uris.awsEncode(p.getKey(), false), Uris.awsEncode(p.getValue(), false)))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .map(p -> p.getKey() + "=" + p.getValue())
                .collect(Collectors.joining("&"));
    }

    /** Looks up a header function usable by {@link SigV4Authorization#of}. */
    public static Function<String, String> firstValue(SignedRequest request) {
        return name -> {
            List<String> values = request.headerValues(name);
            return values.isEmpty() ? null : values.get(0);
        };
    }
}
