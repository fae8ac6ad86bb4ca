package xraygallery.cloud;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@link PhotoStore} on S3 (or the local cloud's S3) through the AWS SDK v2. */
public final class S3PhotoStore implements PhotoStore {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3PhotoStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public void ensureExists() {
        call("find bucket " + bucket, () -> {
            try {
                return s3.headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException e) {
                try {
                    return s3.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException raced) {
                    return null; // created meanwhile: fine
                }
            }
        });
    }

    @Override
    public void put(String key, Path file, String contentType) {
        call("store " + key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType),
                RequestBody.fromFile(file)));
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        call("store " + key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType),
                RequestBody.fromBytes(bytes)));
    }

    @Override
    public InputStream open(String key) {
        try {
            return call("read " + key, () -> s3.getObject(b -> b.bucket(bucket).key(key)));
        } catch (StorageException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                throw new PhotoNotFoundException(key);
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        call("delete " + key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public boolean exists(String key) {
        try {
            call("look up " + key, () -> s3.headObject(b -> b.bucket(bucket).key(key)));
            return true;
        } catch (StorageException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                return false;
            }
            throw e;
        }
    }

    /** Runs an S3 call, turning SDK failures into {@link StorageException}s that say whether to retry. */
    private static <T> T call(String what, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (S3Exception e) {
            boolean retryable = e.isThrottlingException() || e.statusCode() >= 500;
            String detail = e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
            throw new StorageException("Could not " + what + " in S3 (" + detail + ")", retryable, e);
        } catch (SdkClientException e) {
            throw new StorageException("Could not " + what + ": S3 is not reachable (" + e.getMessage() + ")", true, e);
        }
    }

    @Override
    public URI presignedGet(String key, Duration validFor) {
        try {
            return presigner.presignGetObject(p -> p.signatureDuration(validFor)
                    .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
