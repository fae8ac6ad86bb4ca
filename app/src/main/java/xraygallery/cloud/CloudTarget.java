package xraygallery.cloud;

import java.net.URI;
import java.util.Objects;

/**
 * Which cloud the AWS SDK clients talk to: AWS itself (default credential and region chains), or
 * the local cloud at an endpoint with its static key.
 *
 * @param endpoint the local cloud's URL; null for AWS
 * @param region the region to sign for; null in AWS mode means the default region chain
 */
public record CloudTarget(URI endpoint, String region, String accessKeyId, String secretKey) {

    public CloudTarget {
        if (endpoint != null) {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretKey, "secretKey");
        }
    }

    /** The local cloud at {@code endpoint} with its access key and secret. */
    public static CloudTarget local(URI endpoint, String accessKeyId, String secretKey) {
        return new CloudTarget(endpoint, "us-east-1", accessKeyId, secretKey);
    }

    /** AWS with the default chains ({@code AWS_PROFILE}, {@code AWS_REGION}, {@code ~/.aws/config}). */
    public static CloudTarget aws(String regionOrNull) {
        return new CloudTarget(null, regionOrNull, null, null);
    }

    public boolean isLocal() {
        return endpoint != null;
    }
}
