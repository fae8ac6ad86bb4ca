package xraygallery.localcloud;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import xraygallery.localcloud.faults.FaultInjector;
import xraygallery.localcloud.faults.FaultRule;

/**
 * The local cloud's own endpoints under {@code /_localcloud/}: {@code GET health} (open), and the
 * fault rules at {@code faults} ({@code GET} lists, {@code POST} adds one, {@code DELETE} clears,
 * {@code DELETE faults/ID} removes one), which need {@code Authorization: Bearer <secret key>}.
 */
final class AdminApi {
    static final String PREFIX = "/_localcloud/";
    private static final String JSON = "application/json";

    private final FaultInjector faults;
    private final byte[] secret;
    private final Set<String> services;

    AdminApi(FaultInjector faults, String secretKey, Set<String> services) {
        this.faults = faults;
        this.secret = ("Bearer " + secretKey).getBytes(StandardCharsets.UTF_8);
        this.services = services;
    }

    /** Answers a request whose path starts with {@link #PREFIX} (not signed: these are not AWS calls). */
    void handle(CloudRequest request, CloudResponse response) throws IOException {
        String path = request.path().substring(PREFIX.length());
        String method = request.method();
        if (path.equals("health") && (method.equals("GET") || method.equals("HEAD"))) {
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("status", "ready");
            health.put("services", services);
            response.send(200, JSON, Json.MAPPER.writeValueAsBytes(health));
            return;
        }
        if (!path.equals("faults") && !path.startsWith("faults/")) {
            answer(response, 404, "NotFound", "No local cloud endpoint " + PREFIX + path);
            return;
        }
        String authorization = request.header("Authorization");
        if (authorization == null
                || !MessageDigest.isEqual(secret, authorization.getBytes(StandardCharsets.UTF_8))) {
            answer(response, 403, "AccessDenied", "Fault rules need 'Authorization: Bearer <secret key>'.");
            return;
        }
        String id = path.startsWith("faults/") ? path.substring("faults/".length()) : null;
        switch (method) {
            case "GET" -> response.send(200, JSON, Json.MAPPER.writeValueAsBytes(faults.rules()));
            case "POST" -> addRule(request, response);
            case "DELETE" -> {
                if (id == null) {
                    faults.clear();
                    response.sendEmpty(204);
                } else if (faults.remove(id)) {
                    response.sendEmpty(204);
                } else {
                    answer(response, 404, "NotFound", "No fault rule " + id);
                }
            }
            default -> answer(response, 405, "MethodNotAllowed", method + " is not allowed on " + PREFIX + path);
        }
    }

    private void addRule(CloudRequest request, CloudResponse response) throws IOException {
        byte[] body = request.body().readNBytes(64 * 1024);
        FaultRule added;
        try {
            added = faults.add(Json.MAPPER.readValue(body, FaultRule.class));
        } catch (JacksonException e) {
            answer(response, 400, "MalformedJson", "The fault rule is not valid JSON: " + e.getOriginalMessage());
            return;
        } catch (IllegalArgumentException e) {
            answer(response, 400, "InvalidFault", e.getMessage());
            return;
        }
        response.send(201, JSON, Json.MAPPER.writeValueAsBytes(added));
    }

    private static void answer(CloudResponse response, int status, String code, String message) throws IOException {
        response.send(status, JSON, ("{\"code\":" + Json.quote(code) + ",\"message\":" + Json.quote(message) + "}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
