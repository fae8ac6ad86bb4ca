package xraygallery.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.xray.model.SamplingRuleRecord;
import xraygallery.daemon.DaemonFixture;

/** Sampling rules from a local file, in the X-Ray API's shape or the X-Ray SDKs' local-rules format. */
@Tag("integration")
class SamplingRulesTest {

    static Path write(String name, String json) throws IOException {
        Path dir = DaemonFixture.newDataDir("sampling");
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void rulesInTheApiShape_areServedToTheXRayClient_withTargetsForEachKnownRule() throws Exception {
        Path file = write("rules.json", """
                {"SamplingRules": [
                  {"RuleName": "uploads", "Priority": 10, "FixedRate": 0.5, "ReservoirSize": 5,
                   "ServiceName": "xray-gallery", "ServiceType": "*", "Host": "*", "HTTPMethod": "POST",
                   "URLPath": "/upload*", "ResourceARN": "*", "Version": 1},
                  {"RuleName": "Default", "Priority": 10000, "FixedRate": 1.0, "ReservoirSize": 1}
                ]}""");
        try (DaemonFixture daemon = DaemonFixture.start("sampling-api", c -> c.withSamplingRules(file))) {
            var records = daemon.xray().getSamplingRules(r -> { }).samplingRuleRecords();
            assertThat(records).extracting(r -> r.samplingRule().ruleName()).containsExactly("uploads", "Default");
            SamplingRuleRecord uploads = records.get(0);
            assertThat(uploads.samplingRule().fixedRate()).isEqualTo(0.5);
            assertThat(uploads.samplingRule().httpMethod()).isEqualTo("POST");
            assertThat(uploads.samplingRule().urlPath()).isEqualTo("/upload*");
            assertThat(uploads.samplingRule().serviceName()).isEqualTo("xray-gallery");
            assertThat(uploads.createdAt()).isEqualTo(Files.getLastModifiedTime(file).toInstant()
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

            var targets = daemon.xray().getSamplingTargets(r -> r.samplingStatisticsDocuments(d -> d.ruleName("uploads")
                    .clientID("0123456789abcdef01234567").timestamp(Instant.now()).requestCount(3).sampledCount(2)));
            assertThat(targets.samplingTargetDocuments()).singleElement().satisfies(t -> {
                assertThat(t.fixedRate()).isEqualTo(0.5);
                assertThat(t.reservoirQuota()).isEqualTo(5);
                assertThat(t.reservoirQuotaTTL()).isAfter(Instant.now());
            });
        }
    }

    @Test
    void theSdksLocalRulesFormat_becomesPrioritizedRules_endingWithDefault() throws Exception {
        Path file = write("local.json", """
                {"version": 2,
                 "rules": [{"description": "uploads", "host": "*", "http_method": "POST", "url_path": "/upload",
                            "fixed_target": 2, "rate": 0.25}],
                 "default": {"fixed_target": 1, "rate": 0.05}}""");
        JsonNode rules = SamplingRules.load(file).getSamplingRules().path("SamplingRuleRecords");
        assertThat(rules).hasSize(2);
        JsonNode first = rules.get(0).path("SamplingRule");
        assertThat(first.path("RuleName").asText()).isEqualTo("local-1");
        assertThat(first.path("Priority").asInt()).isEqualTo(1);
        assertThat(first.path("FixedRate").asDouble()).isEqualTo(0.25);
        assertThat(first.path("ReservoirSize").asInt()).isEqualTo(2);
        assertThat(first.path("HTTPMethod").asText()).isEqualTo("POST");
        JsonNode fallback = rules.get(1).path("SamplingRule");
        assertThat(fallback.path("RuleName").asText()).isEqualTo("Default");
        assertThat(fallback.path("FixedRate").asDouble()).isEqualTo(0.05);
    }

    @Test
    void withoutAFile_everythingIsRecorded() {
        JsonNode rule = SamplingRules.recordEverything().getSamplingRules().path("SamplingRuleRecords").get(0)
                .path("SamplingRule");
        assertThat(rule.path("RuleName").asText()).isEqualTo("Default");
        assertThat(rule.path("FixedRate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void badFiles_areRefusedAtStart_withTheReason() throws Exception {
        assertThatThrownBy(() -> SamplingRules.load(write("broken.json", "{not json")))
                .isInstanceOf(IOException.class).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> SamplingRules.load(write("rate.json",
                "{\"SamplingRules\": [{\"RuleName\": \"x\", \"Priority\": 1, \"FixedRate\": 2, \"ReservoirSize\": 1}]}")))
                .isInstanceOf(IOException.class).hasMessageContaining("FixedRate in [0, 1]");
        assertThatThrownBy(() -> SamplingRules.load(write("nodefault.json", "{\"version\": 2, \"rules\": []}")))
                .isInstanceOf(IOException.class).hasMessageContaining("no \"default\" rule");
    }
}
