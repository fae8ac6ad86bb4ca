package xraygallery.localcloud.rds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import xraygallery.localcloud.AwsServiceException;
import xraygallery.localcloud.CloudRequest;
import xraygallery.localcloud.Uris;

/**
 * The parameters of an AWS Query protocol request ({@code Action=…&Version=…&…}), read from a POST
 * body in {@code application/x-www-form-urlencoded} form and from the URL's query string.
 */
final class QueryRequest {
    static final int MAX_BODY = 1024 * 1024;
    private static final String FORM = "application/x-www-form-urlencoded";

    private final Map<String, String> parameters;
    private final String region;

    private QueryRequest(Map<String, String> parameters, String region) {
        this.parameters = Collections.unmodifiableMap(parameters);
        this.region = region;
    }

    /** Reads the request's parameters; a body that is not a well-formed form becomes {@code MalformedQueryString}. */
    static QueryRequest parse(CloudRequest request) throws IOException {
        String method = request.method();
        if (!method.equals("POST") && !method.equals("GET")) {
            throw new AwsServiceException(405, "MethodNotAllowed",
                    "The Query API accepts POST (or GET), not " + method + ".");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        request.queryParameters().forEach(p -> parameters.putIfAbsent(p.getKey(), p.getValue()));
        byte[] body = request.bodyBytes(MAX_BODY);
        if (body.length > 0) {
            String contentType = request.header("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
                throw malformed("the body must be " + FORM + ", not " + contentType);
            }
            for (byte b : body) {
                if (b < 0x20 || b > 0x7e) {
                    throw malformed("it contains a byte that is not printable ASCII (0x"
                            + Integer.toHexString(b & 0xff) + "); encode it as %XX");
                }
            }
            List<Map.Entry<String, String>> pairs;
            try {
                pairs = Uris.parseQuery(new String(body, StandardCharsets.US_ASCII));
            } catch (AwsServiceException e) {
                throw malformed("it has an invalid %-escape or escapes bytes that are not UTF-8");
            }
            for (Map.Entry<String, String> pair : pairs) {
                if (pair.getKey().isEmpty()) {
                    throw malformed("a parameter has no name");
                }
                parameters.putIfAbsent(pair.getKey(), pair.getValue());
            }
        }
        String region = request.authorization() != null ? request.authorization().region() : "us-east-1";
        return new QueryRequest(parameters, region);
    }

    private static AwsServiceException malformed(String why) {
        return new AwsServiceException(400, "MalformedQueryString", "The query string is malformed: " + why + ".");
    }

    /** The {@code Action}; {@code MissingAction} if there is none. */
    String action() {
        String action = parameters.get("Action");
        if (action == null || action.isBlank()) {
            throw new AwsServiceException(400, "MissingAction", "The request must contain the parameter Action.");
        }
        return action;
    }

    /** A parameter's value, or null. */
    String optional(String name) {
        return parameters.get(name);
    }

    /** A parameter that must be present and not blank ({@code MissingParameter} otherwise). */
    String required(String name) {
        String value = parameters.get(name);
        if (value == null || value.isBlank()) {
            throw new AwsServiceException(400, "MissingParameter",
                    "The parameter " + name + " must be provided and must not be blank.");
        }
        return value;
    }

    /** The region of the request's credential scope. */
    String region() {
        return region;
    }

    Map<String, String> parameters() {
        return parameters;
    }
}
