package xraygallery.localcloud.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import xraygallery.localcloud.LocalCloudFixture;
import xraygallery.localcloud.SignedHttp;

/** Bucket life cycle and ListObjects(V2) paging through the real S3Client. */
@Tag("integration")
class S3BucketsAndListingsTest {
    private static final int KEYS = 1500;
    private static LocalCloudFixture cloud;
    private static S3Client s3;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloudFixture.start("s3-buckets");
        s3 = cloud.s3();
        s3.createBucket(b -> b.bucket("many"));
        // 1,500 keys: 3 folders of 500, each with sub-folders of 10, plus top-level files
        IntStream.range(0, KEYS).parallel().forEach(i -> {
            String key = i % 100 == 0 ? String.format("top-%04d.txt", i)
                    : String.format("folder-%d/sub-%02d/photo-%04d.jpg", i % 3, (i / 3) % 50, i);
            s3.putObject(b -> b.bucket("many").key(key), RequestBody.fromString(key));
        });
    }

    @AfterAll
    static void stop() {
        s3.close();
        cloud.close();
    }

    @Test
    void bucketLifeCycle_createHeadListDelete() {
        s3.createBucket(b -> b.bucket("life-cycle"));

        s3.headBucket(b -> b.bucket("life-cycle"));
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("life-cycle", "many");

        s3.deleteBucket(b -> b.bucket("life-cycle"));
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("life-cycle"))).isInstanceOf(NoSuchBucketException.class);
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).doesNotContain("life-cycle");
    }

    @Test
    void creatingABucketTwice_isBucketAlreadyOwnedByYou() {
        s3.createBucket(b -> b.bucket("twice"));

        assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("twice")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou");
                });
    }

    @Test
    void invalidBucketNames_areInvalidBucketName() {
        // the SDK refuses most of these itself, so send them as signed requests by hand
        SignedHttp http = new SignedHttp(cloud.endpoint());
        for (String name : List.of("UpperCase", "ab", "a".repeat(64), "under_score", "192.168.1.1", "dots..dots", "-dash")) {
            HttpResponse<String> response = http.send(http.sign("s3", "PUT", "/" + name, Map.of(), new byte[0]));

            assertThat(response.statusCode()).as(name).isEqualTo(400);
            assertThat(response.body()).as(name).contains("<Code>InvalidBucketName</Code>");
        }
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).noneMatch(n -> n.contains("_") || n.length() < 3);
    }

    @Test
    void deletingANonEmptyBucket_isBucketNotEmpty_andMissingOneNoSuchBucket() {
        assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket("many")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
                });
        assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket("never-created")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
        assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("never-created"))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void listObjectsV2_pagesThroughAll1500KeysInOrder() {
        List<String> keys = new ArrayList<>();
        int pages = 0;
        for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket("many").maxKeys(100))) {
            pages++;
            assertThat(page.keyCount()).isLessThanOrEqualTo(100);
            page.contents().forEach(o -> keys.add(o.key()));
        }

        assertThat(pages).isEqualTo(15);
        assertThat(keys).hasSize(KEYS).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void listObjectsV2_defaultsTo1000KeysAPage() {
        ListObjectsV2Response first = s3.listObjectsV2(b -> b.bucket("many"));

        assertThat(first.contents()).hasSize(1000);
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.nextContinuationToken()).isNotBlank();
    }

    @Test
    void delimiter_rollsUpFoldersIntoCommonPrefixes() {
        ListObjectsV2Response root = s3.listObjectsV2(b -> b.bucket("many").delimiter("/"));

        assertThat(root.commonPrefixes()).extracting(CommonPrefix::prefix)
                .containsExactly("folder-0/", "folder-1/", "folder-2/");
        assertThat(root.contents()).extracting(S3Object::key).hasSize(15).allMatch(k -> k.startsWith("top-"));

        ListObjectsV2Response folder = s3.listObjectsV2(b -> b.bucket("many").prefix("folder-1/").delimiter("/"));
        assertThat(folder.commonPrefixes()).hasSize(50).allMatch(p -> p.prefix().startsWith("folder-1/sub-"));
        assertThat(folder.contents()).isEmpty();
    }

    @Test
    void delimiterPaging_countsPrefixesAndNeverRepeatsThem() {
        List<String> prefixes = new ArrayList<>();
        for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
                b -> b.bucket("many").prefix("folder-2/").delimiter("/").maxKeys(7))) {
            assertThat(page.keyCount()).isLessThanOrEqualTo(7);
            page.commonPrefixes().forEach(p -> prefixes.add(p.prefix()));
        }

        assertThat(prefixes).hasSize(50).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void prefixAndStartAfter_narrowTheListing() {
        ListObjectsV2Response sub = s3.listObjectsV2(b -> b.bucket("many").prefix("folder-0/sub-07/"));
        ListObjectsV2Response after = s3.listObjectsV2(b -> b.bucket("many").prefix("top-").startAfter("top-1200.txt"));

        assertThat(sub.contents()).hasSize(10).allMatch(o -> o.key().startsWith("folder-0/sub-07/"));
        assertThat(after.contents()).extracting(S3Object::key).containsExactly("top-1300.txt", "top-1400.txt");
    }

    @Test
    void listObjectsV1_pagesWithMarkers() {
        List<String> keys = new ArrayList<>();
        String marker = "";
        boolean truncated = true;
        while (truncated) {
            String from = marker;
            var page = s3.listObjects(b -> b.bucket("many").prefix("folder-0/").maxKeys(90).marker(from));
            page.contents().forEach(o -> keys.add(o.key()));
            truncated = page.isTruncated();
            marker = keys.get(keys.size() - 1);
        }

        assertThat(keys).hasSize(495).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void badListingArguments_areInvalidArgument() {
        assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("many").continuationToken("not-a-token!")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));
        assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("many").maxKeys(-1)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));
    }
}
