package xraygallery.cloud;

import java.net.URI;
import java.util.Objects;

/**
 * Which cloud the AWS SDK clients talk to: AWS itself (default credential and region chains, or a named
 * profile), or the local cloud at an endpoint with its static key.
 *
 * @param endpoint the local cloud's URL; null for AWS
 * @param profile the AWS profile whose credentials and region to use; null for the default chains (and always
 *     null for the local cloud)
 * @param region the region to sign for; null in AWS mode means the profile's or the default region chain
 */
public record CloudTarget(URI endpoint, String profile, String region, String accessKeyId, String secretKey) {

    public CloudTarget {
        if (endpoint != null) {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretKey, "secretKey");
            if (profile != null) {
                throw new IllegalArgumentException("the local cloud takes its static key, not an AWS profile");
            }
        }
    }

    /** The local cloud at {@code endpoint} with its access key and secret. */
    public static CloudTarget local(URI endpoint, String accessKeyId, String secretKey) {
        return new CloudTarget(endpoint, null, "us-east-1", accessKeyId, secretKey);
    }

    /**
     * AWS with a profile's credentials and region, or (for nulls) the default chains ({@code AWS_PROFILE},
     * {@code AWS_REGION}, {@code ~/.aws/config}).
     */
    public static CloudTarget aws(String profileOrNull, String regionOrNull) {
        return new CloudTarget(null, profileOrNull, regionOrNull, null, null);
    }

    public boolean isLocal() {
        return endpoint != null;
    }
}
