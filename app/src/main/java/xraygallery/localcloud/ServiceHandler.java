package xraygallery.localcloud;

import java.io.IOException;

/**
 * One emulated AWS service behind the local cloud's single port, chosen by the service named in
 * the request's SigV4 credential scope.
 */
public interface ServiceHandler extends AutoCloseable {

    /** The SigV4 signing name this handler serves: {@code s3}, {@code rds}, {@code rekognition}. */
    String signingName();

    /** How this service's errors look on the wire. */
    WireProtocol protocol();

    /** The API operation a request calls (e.g. {@code PutObject}), for fault injection and logs. */
    String operationOf(CloudRequest request);

    /** Answers one verified request. Throws {@link AwsServiceException} for AWS errors. */
    void handle(CloudRequest request, CloudResponse response) throws IOException;

    @Override
    default void close() {
    }
}
