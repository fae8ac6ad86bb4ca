package xraygallery.localcloud.auth;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import xraygallery.localcloud.AwsServiceException;

/**
 * The parts of a SigV4 signature a request carries, in its {@code Authorization} header or, for a
 * presigned URL, in its {@code X-Amz-*} query parameters.
 *
 * @param presigned true when taken from the query string
 * @param expiresSeconds the presigned URL's lifetime; 0 for header signatures
 */
public record SigV4Authorization(
        String accessKeyId, String date, String region, String service,
        List<String> signedHeaders, String signature, String amzDate, boolean presigned, long expiresSeconds) {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** {@code date/region/service/aws4_request}. */
    public String scope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }

    /** The signing time. */
    public Instant signedAt() {
        return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    }

    /**
     * Reads the signature of a request, or returns null when it carries none.
     *
     * @param header looks a header up by lower-case name (first value), null when absent
     * @param query the decoded query parameters
     */
    public static SigV4Authorization of(Function<String, String> header, Map<String, String> query) {
        String authorization = header.apply("authorization");
        if (authorization != null) {
            return fromHeader(authorization, header);
        }
        if (query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Credential")) {
            return fromQuery(query);
        }
        return null;
    }

    private static SigV4Authorization fromHeader(String authorization, Function<String, String> header) {
        if (!authorization.startsWith(SigV4.ALGORITHM + " ")) {
            throw malformed("Only " + SigV4.ALGORITHM + " (Signature Version 4) is supported.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : authorization.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw malformed("The authorization header is malformed: '" + item + "'.");
            }
            String value = item.substring(eq + 1).trim();
            switch (item.substring(0, eq).trim()) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> { }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw malformed("The authorization header needs Credential, SignedHeaders and Signature.");
        }
        String amzDate = header.apply("x-amz-date");
        if (amzDate == null) {
            throw new AwsServiceException(403, "AccessDenied",
                    "AWS authentication requires a valid X-Amz-Date header.");
        }
        return build(credential, signedHeaders, signature, amzDate, false, 0);
    }

    private static SigV4Authorization fromQuery(Map<String, String> query) {
        if (!SigV4.ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
            throw malformed("X-Amz-Algorithm must be " + SigV4.ALGORITHM + ".");
        }
        String credential = query.get("X-Amz-Credential");
        String signedHeaders = query.get("X-Amz-SignedHeaders");
        String signature = query.get("X-Amz-Signature");
        String amzDate = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        if (credential == null || signedHeaders == null || signature == null || amzDate == null || expires == null) {
            throw new AwsServiceException(400, "AuthorizationQueryParametersError",
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                            + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        long expiresSeconds;
        try {
            expiresSeconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            expiresSeconds = -1;
        }
        if (expiresSeconds < 1 || expiresSeconds > 604_800) {
            throw new AwsServiceException(400, "AuthorizationQueryParametersError",
                    "X-Amz-Expires must be a number of seconds from 1 to 604800.");
        }
        return build(credential, signedHeaders, signature, amzDate, true, expiresSeconds);
    }

    private static SigV4Authorization build(String credential, String signedHeaders, String signature,
            String amzDate, boolean presigned, long expiresSeconds) {
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4]) || scope[0].isEmpty()) {
            throw malformed("The credential '" + credential
                    + "' is not of the form ACCESS_KEY/yyyyMMdd/region/service/aws4_request.");
        }
        try {
            LocalDateTime.parse(amzDate, AMZ_DATE);
        } catch (DateTimeParseException e) {
            throw new AwsServiceException(403, "AccessDenied", "X-Amz-Date '" + amzDate + "' is not yyyyMMddTHHmmssZ.");
        }
        if (!amzDate.startsWith(scope[1])) {
            throw malformed("The credential date " + scope[1] + " does not match X-Amz-Date " + amzDate + ".");
        }
        List<String> headers = Arrays.stream(signedHeaders.split(";")).map(String::trim).toList();
        return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], headers, signature, amzDate,
                presigned, expiresSeconds);
    }

    private static AwsServiceException malformed(String message) {
        return new AwsServiceException(400, "AuthorizationHeaderMalformed", message);
    }
}
