package xraygallery.localcloud.rekognition;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Image;

/** Real AWS SDK v2 Rekognition clients pointed at a local cloud. */
final class RekognitionClients {

    private RekognitionClients() {
    }

    /** A client with the local cloud's credentials and no retries, so each call is one request. */
    static RekognitionClient create(URI endpoint) {
        return create(endpoint, "test", "test");
    }

    static RekognitionClient create(URI endpoint, String accessKey, String secretKey) {
        return RekognitionClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(ApacheHttpClient.builder().maxConnections(32).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryPolicy(RetryPolicy.none())
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    static Image bytes(byte[] image) {
        return Image.builder().bytes(SdkBytes.fromByteArray(image)).build();
    }

    static Image s3(String bucket, String key) {
        return Image.builder().s3Object(o -> o.bucket(bucket).name(key)).build();
    }
}
