package xraygallery.traceview;

/**
 * The {@code aws} block of a span recorded by X-Ray's AWS SDK interceptor; each field null when absent.
 *
 * @param operation the API operation ({@code PutObject})
 * @param bucketName the S3 bucket
 * @param key the S3 object key
 * @param tableName the DynamoDB table
 * @param region the region called
 * @param requestId the service's request id
 */
public record AwsCall(String operation, String bucketName, String key, String tableName, String region,
        String requestId) {

    boolean isEmpty() {
        return operation == null && bucketName == null && key == null && tableName == null && region == null
                && requestId == null;
    }
}
