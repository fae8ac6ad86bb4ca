package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.Doc;

class SpanTreeParserTest {
    static final double BASE = 1_780_000_000.0;
    static final String TRACE = Doc.newTraceId((long) BASE);

    static SpanTree parse(Doc... docs) {
        return SpanTreeParser.parse(TRACE, Stream.of(docs).map(Doc::json).toList()).orElseThrow();
    }

    static Instant at(double offsetSeconds) {
        return SpanTreeParser.instant(BASE + offsetSeconds);
    }

    static Doc root() {
        return Doc.segment("xray-gallery").id("a000000000000001").trace(TRACE).times(BASE, BASE + 0.5);
    }

    static Doc sub(String name, String id, double from, double to) {
        return Doc.subsegment(name).id(id).times(BASE + from, BASE + to);
    }

    static List<String> names(List<Span> spans) {
        return spans.stream().map(Span::name).toList();
    }

    @Test
    void embeddedSubsegments_atAnyDepth_becomeChildrenInStartOrder() {
        SpanTree tree = parse(root()
                .sub(sub("S3", "b000000000000003", 0.2, 0.3).namespace("aws"))
                .sub(sub("resize_image", "b000000000000002", 0.01, 0.2)
                        .sub(sub("decode", "c000000000000001", 0.02, 0.1))));

        Span root = tree.root();
        assertThat(root.kind()).isEqualTo(SpanKind.SEGMENT);
        assertThat(root.parentId()).isNull();
        assertThat(names(root.children())).containsExactly("resize_image", "S3");
        Span resize = root.children().get(0);
        assertThat(resize.parentId()).isEqualTo("a000000000000001");
        assertThat(names(resize.children())).containsExactly("decode");
        assertThat(resize.children().get(0).parentId()).isEqualTo("b000000000000002");
        assertThat(names(tree.spans())).containsExactly("xray-gallery", "resize_image", "decode", "S3");
        assertThat(tree.orphanCount()).isZero();
        assertThat(tree.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(resize.start()).isEqualTo(at(0.01));
        assertThat(resize.duration()).isEqualTo(Duration.ofMillis(190));
    }

    @Test
    void streamedSubsegments_arePlacedUnderTheirParent_whateverTheOrderTheyArriveIn() {
        Doc grandchild = sub("decode", "c000000000000001", 0.02, 0.1).standalone(TRACE, "b000000000000002");
        Doc child = sub("resize_image", "b000000000000002", 0.01, 0.2).standalone(TRACE, "a000000000000001");
        Doc later = sub("S3", "b000000000000003", 0.2, 0.3).namespace("aws").standalone(TRACE, "a000000000000001");

        SpanTree tree = parse(grandchild, later, child, root());

        assertThat(names(tree.spans())).containsExactly("xray-gallery", "resize_image", "decode", "S3");
        assertThat(tree.spans()).noneMatch(s -> s.hasFlag(SpanFlag.ORPHAN));
        assertThat(tree.documentCount()).isEqualTo(4);
        assertThat(tree.span("c000000000000001").orElseThrow().parentId()).isEqualTo("b000000000000002");
    }

    @Test
    void subsegmentWhoseParentIsMissing_isAnOrphanUnderTheRoot_flaggedNotDropped() {
        Doc orphan = sub("S3", "b000000000000009", 0.1, 0.2).namespace("aws").standalone(TRACE, "ffffffffffffffff");

        SpanTree tree = parse(root().sub(sub("validate", "b000000000000001", 0.0, 0.01)), orphan);

        Span adopted = tree.span("b000000000000009").orElseThrow();
        assertThat(tree.root().children()).contains(adopted);
        assertThat(adopted.flags()).contains(SpanFlag.ORPHAN);
        assertThat(adopted.parentId()).isEqualTo("ffffffffffffffff");
        assertThat(tree.parentOf(adopted)).contains(tree.root());
        assertThat(tree.orphanCount()).isEqualTo(1);
    }

    @Test
    void onlySubsegments_getAPlaceholderRoot_namedAfterTheSegmentTheyWaitFor() {
        Doc first = sub("resize_image", "b000000000000001", 0.05, 0.2).standalone(TRACE, "a000000000000001");
        Doc second = sub("S3", "b000000000000002", 0.2, 0.3).namespace("aws").standalone(TRACE, "a000000000000001");

        SpanTree tree = parse(second, first);

        Span root = tree.root();
        assertThat(root.kind()).isEqualTo(SpanKind.PLACEHOLDER);
        assertThat(root.id()).isEqualTo("a000000000000001");
        assertThat(root.inProgress()).isTrue();
        assertThat(root.start()).isEqualTo(at(0.05));
        assertThat(names(root.children())).containsExactly("resize_image", "S3");
        assertThat(root.children()).allMatch(s -> s.hasFlag(SpanFlag.ORPHAN));
        assertThat(tree.effectiveEnd(root)).isEqualTo(at(0.3));
    }

    @Test
    void aCycleOfParentIds_neverLoops_andKeepsEverySpan() {
        Doc a = sub("a", "b00000000000000a", 0.1, 0.2).standalone(TRACE, "b00000000000000b");
        Doc b = sub("b", "b00000000000000b", 0.2, 0.3).standalone(TRACE, "b00000000000000a");

        SpanTree tree = parse(root(), a, b);

        assertThat(tree.size()).isEqualTo(3);
        assertThat(tree.orphanCount()).isEqualTo(1);
        assertThat(tree.span("b00000000000000a")).isPresent();
        assertThat(tree.span("b00000000000000b")).isPresent();
    }

    @Test
    void aRepeatedId_keepsTheLaterCompleteCopy_butAnInProgressCopyNeverReplacesACompleteOne() {
        Doc running = Doc.segment("xray-gallery").id("a000000000000001").trace(TRACE).inProgress(BASE);
        Doc done = sub("S3", "b000000000000002", 0.2, 0.3).namespace("aws").standalone(TRACE, "a000000000000001");
        Doc stillRunning = Doc.subsegment("S3").id("b000000000000002").inProgress(BASE + 0.2).namespace("aws")
                .standalone(TRACE, "a000000000000001");

        SpanTree tree = parse(running, done, root(), stillRunning);

        assertThat(tree.size()).isEqualTo(2);
        assertThat(tree.root().end()).isEqualTo(at(0.5));
        assertThat(tree.span("b000000000000002").orElseThrow().end()).isEqualTo(at(0.3));
        assertThat(tree.inProgress()).isFalse();
    }

    @Test
    void aChildOutsideItsParent_isKeptWhereItIs_andFlagged() {
        SpanTree tree = parse(root()
                .sub(sub("early", "b000000000000001", -0.05, 0.1))
                .sub(sub("late", "b000000000000002", 0.4, 0.6)));

        Span early = tree.span("b000000000000001").orElseThrow();
        Span late = tree.span("b000000000000002").orElseThrow();
        assertThat(early.flags()).containsExactly(SpanFlag.STARTS_BEFORE_PARENT);
        assertThat(early.start()).isEqualTo(at(-0.05));
        assertThat(late.flags()).containsExactly(SpanFlag.ENDS_AFTER_PARENT);
        assertThat(late.end()).isEqualTo(at(0.6));
        assertThat(tree.hasClockSkew()).isTrue();
        assertThat(tree.observedEnd()).isEqualTo(at(0.6));
        assertThat(tree.duration()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void spansInProgress_haveNoEnd_andAreDrawnToTheLatestEventOfTheTrace() {
        Doc running = Doc.subsegment("Rekognition").id("b000000000000002").inProgress(BASE + 0.3).namespace("aws");
        Doc root = Doc.segment("xray-gallery").id("a000000000000001").trace(TRACE).inProgress(BASE)
                .sub(sub("resize_image", "b000000000000001", 0.01, 0.25)).sub(running);

        SpanTree tree = parse(root);

        Span rekognition = tree.span("b000000000000002").orElseThrow();
        assertThat(rekognition.end()).isNull();
        assertThat(rekognition.duration()).isNull();
        assertThat(rekognition.flags()).contains(SpanFlag.IN_PROGRESS);
        assertThat(tree.root().inProgress()).isTrue();
        assertThat(tree.inProgress()).isTrue();
        assertThat(tree.observedEnd()).isEqualTo(at(0.3));
        assertThat(tree.effectiveEnd(rekognition)).isEqualTo(at(0.3));
        assertThat(tree.duration()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void awsAndSqlFieldsAreRead_andNoPasswordEverReachesASpan() {
        Doc s3 = sub("S3", "b000000000000001", 0.1, 0.2).namespace("aws").httpStatus(200);
        s3.node().putObject("aws").put("operation", "PutObject").put("bucket_name", "photos")
                .put("key", "photos/tracy/1.jpg").put("region", "us-east-1").put("request_id", "REQ1");
        Doc sql = sub("photos@127.0.0.1", "b000000000000002", 0.2, 0.25).namespace("remote");
        sql.node().putObject("sql")
                .put("url", "jdbc:mysql://admin:hunter2@127.0.0.1:3306/photos?user=admin&password=hunter2&useSSL=false")
                .put("database_type", "MySQL").put("database_version", "10.11.5-MariaDB")
                .put("driver_version", "mysql-connector-j-9.5.0").put("user", "admin").put("password", "hunter2");

        SpanTree tree = parse(root().sub(s3).sub(sql));

        Span put = tree.span("b000000000000001").orElseThrow();
        assertThat(put.aws()).isEqualTo(new AwsCall("PutObject", "photos", "photos/tracy/1.jpg", null, "us-east-1",
                "REQ1"));
        assertThat(put.httpStatus()).isEqualTo(200);
        assertThat(put.component()).isEqualTo(Component.S3);
        Span statement = tree.span("b000000000000002").orElseThrow();
        assertThat(statement.sql()).isEqualTo(new SqlCall("jdbc:mysql://127.0.0.1:3306/photos?user=admin&useSSL=false",
                "MySQL", "10.11.5-MariaDB", "mysql-connector-j-9.5.0", "admin", null));
        assertThat(statement.component()).isEqualTo(Component.MYSQL);
        assertThat(tree.spans()).allSatisfy(s -> assertThat(s.toString() + s.sql() + s.metadata())
                .doesNotContain("hunter2"));
        assertThat(tree.root().aws()).isNull();
    }

    @Test
    void urlsLoseUserInfoAndPasswordParameters() {
        assertThat(SpanTreeParser.cleanUrl("jdbc:mysql://127.0.0.1:3306/photos")).isEqualTo("jdbc:mysql://127.0.0.1:3306/photos");
        assertThat(SpanTreeParser.cleanUrl("jdbc:mysql://u:p@h/db;password=x;ssl=true")).isEqualTo("jdbc:mysql://h/db;ssl=true");
        assertThat(SpanTreeParser.cleanUrl("jdbc:mysql://h/db?password=x")).isEqualTo("jdbc:mysql://h/db");
        assertThat(SpanTreeParser.cleanUrl("jdbc:mysql://h/db?PWD=x&a=1&secretKey=2")).isEqualTo("jdbc:mysql://h/db?a=1");
        assertThat(SpanTreeParser.cleanUrl(null)).isNull();
    }

    @Test
    void exceptionsAndTheirCauses_areRead() {
        Doc failing = sub("S3", "b000000000000001", 0.1, 0.2).namespace("aws").fault().httpStatus(503);
        failing.node().putObject("cause").putArray("exceptions").addObject().put("id", "e000000000000001")
                .put("type", "S3Exception").put("message", "Service Unavailable").put("remote", true)
                .put("cause", "e000000000000002");
        Doc root = root().fault().sub(failing);
        root.node().put("cause", "e000000000000001");

        SpanTree tree = parse(root);

        Span s3 = tree.span("b000000000000001").orElseThrow();
        assertThat(s3.exceptions()).containsExactly(new SpanException("e000000000000001", "S3Exception",
                "Service Unavailable", true, "e000000000000002"));
        assertThat(s3.fault()).isTrue();
        assertThat(s3.failed()).isTrue();
        assertThat(tree.root().causeExceptionId()).isEqualTo("e000000000000001");
        assertThat(tree.root().exceptions()).isEmpty();
    }

    @Test
    void annotationsKeepTheirTypes_andMetadataIsKeptAsJsonPerNamespace() {
        Doc root = root().annotation("action", "upload").annotation("megapixels", 12.5).annotation("resized", true);
        root.node().with("annotations").putObject("nested").put("ignored", 1);
        ObjectNode metadata = root.node().putObject("metadata");
        metadata.putObject("default").put("file", "dog.jpg");
        metadata.putObject("photo").putArray("sizes").add(320).add(2048);

        Span span = parse(root).root();

        assertThat(span.annotations()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "action", AnnotationValue.of("upload"), "megapixels", AnnotationValue.of(12.5),
                "resized", AnnotationValue.of(true)));
        assertThat(span.annotations().get("megapixels").text()).isEqualTo("12.5");
        assertThat(AnnotationValue.of(12.0).text()).isEqualTo("12");
        assertThat(span.metadata()).containsEntry("default", "{\"file\":\"dog.jpg\"}")
                .containsEntry("photo", "{\"sizes\":[320,2048]}");
    }

    @Test
    void everySpanGetsAComponent() {
        Doc downstream = Doc.segment("thumbnailer").id("d000000000000001").trace(TRACE).times(BASE + 0.31, BASE + 0.39)
                .parent("b000000000000007");
        SpanTree tree = parse(root()
                .sub(sub("validate", "b000000000000001", 0.0, 0.01))
                .sub(sub("resize_image", "b000000000000002", 0.01, 0.1))
                .sub(sub("S3", "b000000000000003", 0.1, 0.15).namespace("aws"))
                .sub(sub("Rekognition", "b000000000000004", 0.15, 0.2).namespace("aws"))
                .sub(sub("RDS", "b000000000000005", 0.2, 0.22).namespace("aws"))
                .sub(sub("DynamoDB", "b000000000000006", 0.22, 0.25).namespace("aws"))
                .sub(sub("thumbnailer.local", "b000000000000007", 0.3, 0.4).namespace("remote"))
                .sub(sub("photos@127.0.0.1", "b000000000000008", 0.4, 0.45).namespace("remote").sql("jdbc:mysql://h/db")),
                downstream);

        assertThat(tree.spans()).extracting(s -> s.name() + "=" + s.component()).containsExactly(
                "xray-gallery=LOCAL", "validate=LOCAL", "resize_image=RESIZE", "S3=S3", "Rekognition=REKOGNITION",
                "RDS=RDS_API", "DynamoDB=OTHER_AWS", "thumbnailer.local=REMOTE", "thumbnailer=REMOTE",
                "photos@127.0.0.1=MYSQL");
        assertThat(tree.span("d000000000000001").orElseThrow().kind()).isEqualTo(SpanKind.SEGMENT);
        assertThat(tree.orphanCount()).isZero();
    }

    @Test
    void aOneMegabyteAnnotation_isReadWhole() {
        String big = "x".repeat(1024 * 1024);

        Span root = parse(root().annotation("notes", big)).root();

        assertThat(root.annotations().get("notes").text()).hasSize(1024 * 1024);
    }

    @Test
    void unreadableDocumentsAreSkipped_andNoReadableDocumentMeansNoTree() {
        Optional<SpanTree> tree = SpanTreeParser.parse(TRACE, List.of("not json", "{\"name\":\"no id\"}", "[1]",
                root().json()));
        assertThat(tree).isPresent();
        assertThat(tree.get().size()).isEqualTo(1);

        assertThat(SpanTreeParser.parse(TRACE, List.of("not json", "{}"))).isEmpty();
        assertThat(SpanTreeParser.parse(TRACE, List.of())).isEmpty();
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        assertThat(SpanTreeParser.instant(1_780_000_000.123456)).isEqualTo(Instant.ofEpochSecond(1_780_000_000L, 123_456_000));
        assertThat(SpanTreeParser.epochOfTraceId("1-6a1b2c3d-000000000000000000000001"))
                .isEqualTo(Instant.ofEpochSecond(0x6a1b2c3dL));
        assertThat(SpanTreeParser.epochOfTraceId("junk")).isEqualTo(Instant.EPOCH);
    }
}
