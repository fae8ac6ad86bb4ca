package xraygallery.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import xraygallery.daemon.DaemonJson;

/**
 * The sampling rules the daemon serves to X-Ray SDKs (GetSamplingRules, GetSamplingTargets), read once from a
 * local file. Two formats are accepted:
 * <ul>
 * <li>the X-Ray API's: {@code {"SamplingRules": [{"RuleName": ..., "Priority": ..., "FixedRate": ...,
 *     "ReservoirSize": ..., "ServiceName": ..., ...}]}} (a bare array of SamplingRule objects also works);</li>
 * <li>the X-Ray SDKs' local rules file, version 2: {@code {"version": 2, "default": {"fixed_target": 1,
 *     "rate": 0.05}, "rules": [{"description": ..., "host": ..., "http_method": ..., "url_path": ...,
 *     "fixed_target": ..., "rate": ...}]}}.</li>
 * </ul>
 * Without a file there is one rule, {@code Default}: record every request (rate 1.0), because every user
 * action of the app is meant to be traced.
 */
public final class SamplingRules {
    private static final int DEFAULT_PRIORITY = 10_000;

    private final List<ObjectNode> rules;
    private final Instant modifiedAt;

    private SamplingRules(List<ObjectNode> rules, Instant modifiedAt) {
        this.rules = rules;
        this.modifiedAt = modifiedAt;
    }

    /** Record everything. */
    public static SamplingRules recordEverything() {
        return new SamplingRules(List.of(rule("Default", DEFAULT_PRIORITY, 1.0, 1_000, "*", "*", "*")),
                Instant.ofEpochSecond(0));
    }

    public static SamplingRules load(Path file) throws IOException {
        JsonNode root;
        try {
            root = DaemonJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("sampling rules file " + file + " is not JSON: " + e.getMessage(), e);
        }
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        List<ObjectNode> rules = new ArrayList<>();
        if (root.isArray() || root.has("SamplingRules")) {
            for (JsonNode rule : root.isArray() ? root : root.get("SamplingRules")) {
                JsonNode r = rule.has("SamplingRule") ? rule.get("SamplingRule") : rule;
                require(r, file, "RuleName", "Priority", "FixedRate", "ReservoirSize");
                ObjectNode copy = rule("", 0, 0, 0, "*", "*", "*");
                copy.setAll((ObjectNode) r);
                rules.add(copy);
            }
        } else if (root.path("version").asInt() == 2 || root.path("version").asInt() == 1) {
            int priority = 1;
            for (JsonNode local : root.path("rules")) {
                String host = local.path("host").asText(local.path("service_name").asText("*"));
                rules.add(rule("local-" + priority, priority, local.path("rate").asDouble(),
                        local.path("fixed_target").asInt(), host, local.path("http_method").asText("*"),
                        local.path("url_path").asText("*")));
                priority++;
            }
            JsonNode fallback = root.path("default");
            if (!fallback.isObject()) {
                throw new IOException("sampling rules file " + file + " has no \"default\" rule");
            }
            rules.add(rule("Default", DEFAULT_PRIORITY, fallback.path("rate").asDouble(),
                    fallback.path("fixed_target").asInt(), "*", "*", "*"));
        } else {
            throw new IOException("sampling rules file " + file
                    + " is neither {\"SamplingRules\": [...]} nor a version 2 local rules file");
        }
        for (ObjectNode rule : rules) {
            double rate = rule.path("FixedRate").asDouble(-1);
            if (rate < 0 || rate > 1 || rule.path("ReservoirSize").asInt(-1) < 0) {
                throw new IOException("sampling rule " + rule.path("RuleName").asText()
                        + " needs FixedRate in [0, 1] and ReservoirSize >= 0");
            }
        }
        return new SamplingRules(List.copyOf(rules), modified);
    }

    private static void require(JsonNode rule, Path file, String... fields) throws IOException {
        for (String field : fields) {
            if (!rule.hasNonNull(field)) {
                throw new IOException("a sampling rule in " + file + " has no " + field);
            }
        }
    }

    private static ObjectNode rule(String name, int priority, double rate, int reservoir, String host,
            String method, String path) {
        ObjectNode rule = DaemonJson.MAPPER.createObjectNode();
        rule.put("RuleName", name);
        rule.put("RuleARN", "arn:aws:xray:local:000000000000:sampling-rule/" + name);
        rule.put("ResourceARN", "*");
        rule.put("Priority", priority);
        rule.put("FixedRate", rate);
        rule.put("ReservoirSize", reservoir);
        rule.put("ServiceName", "*");
        rule.put("ServiceType", "*");
        rule.put("Host", host);
        rule.put("HTTPMethod", method);
        rule.put("URLPath", path);
        rule.put("Version", 1);
        rule.putObject("Attributes");
        return rule;
    }

    /** The GetSamplingRules answer. */
    public ObjectNode getSamplingRules() {
        ObjectNode result = DaemonJson.MAPPER.createObjectNode();
        ArrayNode records = result.putArray("SamplingRuleRecords");
        for (ObjectNode rule : rules) {
            ObjectNode record = records.addObject();
            record.set("SamplingRule", rule);
            record.put("CreatedAt", modifiedAt.getEpochSecond());
            record.put("ModifiedAt", modifiedAt.getEpochSecond());
        }
        return result;
    }

    /**
     * The GetSamplingTargets answer: every known rule gets its whole reservoir and fixed rate (there is one
     * client of a local daemon, so there is nothing to share out); unknown rule names are unprocessed.
     */
    public ObjectNode getSamplingTargets(JsonNode request, Instant now) throws ApiException {
        JsonNode statistics = request.path("SamplingStatisticsDocuments");
        if (!statistics.isArray()) {
            throw ApiException.invalid("SamplingStatisticsDocuments is required");
        }
        ObjectNode result = DaemonJson.MAPPER.createObjectNode();
        ArrayNode targets = result.putArray("SamplingTargetDocuments");
        ArrayNode unprocessed = result.putArray("UnprocessedStatistics");
        result.put("LastRuleModification", modifiedAt.getEpochSecond());
        for (JsonNode document : statistics) {
            String name = document.path("RuleName").asText("");
            ObjectNode rule = rules.stream().filter(r -> r.path("RuleName").asText().equals(name)).findFirst()
                    .orElse(null);
            if (rule == null) {
                unprocessed.addObject().put("RuleName", name).put("ErrorCode", "400")
                        .put("Message", "no sampling rule named \"" + name + "\"");
                continue;
            }
            targets.addObject().put("RuleName", name).put("FixedRate", rule.path("FixedRate").asDouble())
                    .put("ReservoirQuota", rule.path("ReservoirSize").asInt())
                    .put("ReservoirQuotaTTL", now.getEpochSecond() + 10)
                    .put("Interval", 10);
        }
        return result;
    }

    public int size() {
        return rules.size();
    }
}
