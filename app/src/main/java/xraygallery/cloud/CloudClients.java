package xraygallery.cloud;

import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds the app's AWS SDK clients for a {@link CloudTarget}: the same clients for AWS and for
 * the local cloud, which only gets an endpoint override, its static key and path-style S3. One
 * shared HTTP client; interceptors (X-Ray's tracing interceptor) go on every client.
 */
public final class CloudClients implements AutoCloseable {
    private final CloudTarget target;
    private final List<ExecutionInterceptor> interceptors;
    private final SdkHttpClient http = ApacheHttpClient.builder().maxConnections(32).build();

    public CloudClients(CloudTarget target, List<ExecutionInterceptor> interceptors) {
        this.target = target;
        this.interceptors = List.copyOf(interceptors);
    }

    public CloudTarget target() {
        return target;
    }

    public S3Client s3() {
        return configure(S3Client.builder().forcePathStyle(target.isLocal())).httpClient(http).build();
    }

    public S3Presigner s3Presigner() {
        S3Presigner.Builder builder = S3Presigner.builder()
                .credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(target.isLocal()).build());
        if (target.isLocal()) {
            builder.endpointOverride(target.endpoint());
        }
        Region region = region();
        if (region != null) {
            builder.region(region);
        }
        return builder.build();
    }

    public RekognitionClient rekognition() {
        return configure(RekognitionClient.builder()).httpClient(http).build();
    }

    public RdsClient rds() {
        return configure(RdsClient.builder()).httpClient(http).build();
    }

    /** Applies endpoint, region, credentials and interceptors to any SDK client builder. */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder) {
        builder.credentialsProvider(credentials())
                .overrideConfiguration(ClientOverrideConfiguration.builder().executionInterceptors(interceptors).build());
        if (target.isLocal()) {
            builder.endpointOverride(target.endpoint());
        }
        Region region = region();
        if (region != null) {
            builder.region(region);
        }
        return builder;
    }

    /** The shared HTTP client, for builders configured with {@link #configure}. */
    public SdkHttpClient httpClient() {
        return http;
    }

    private AwsCredentialsProvider credentials() {
        if (target.isLocal()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(target.accessKeyId(), target.secretKey()));
        }
        if (target.profile() != null) {
            return ProfileCredentialsProvider.create(target.profile());
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** The target's region; with only a profile, the profile's region; null leaves the SDK's default chain. */
    private Region region() {
        if (target.region() != null) {
            return Region.of(target.region());
        }
        if (target.profile() != null) {
            return DefaultAwsRegionProviderChain.builder().profileName(target.profile()).build().getRegion();
        }
        return null;
    }

    @Override
    public void close() {
        http.close();
    }
}
