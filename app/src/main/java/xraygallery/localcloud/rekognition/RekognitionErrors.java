package xraygallery.localcloud.rekognition;

import xraygallery.localcloud.AwsServiceException;

/** The Rekognition errors the local cloud answers, with Rekognition's codes and HTTP statuses. */
final class RekognitionErrors {

    private RekognitionErrors() {
    }

    static AwsServiceException invalidParameter(String message) {
        return new AwsServiceException(400, "InvalidParameterException", message);
    }

    static AwsServiceException invalidImageFormat(String message) {
        return new AwsServiceException(400, "InvalidImageFormatException", "Request has invalid image format: " + message);
    }

    static AwsServiceException imageTooLarge(String message) {
        return new AwsServiceException(400, "ImageTooLargeException", "Image size is too large: " + message);
    }

    static AwsServiceException invalidS3Object(String message) {
        return new AwsServiceException(400, "InvalidS3ObjectException",
                "Unable to get object metadata from S3. Check object key, region and/or access permissions. (" + message + ")");
    }

    static AwsServiceException serialization(String message) {
        return new AwsServiceException(400, "SerializationException", message);
    }

    static AwsServiceException unknownOperation(String message) {
        return new AwsServiceException(400, "UnknownOperationException", message);
    }

    /** 429, as the local cloud's injected throttling faults; SDKs retry it by its code. */
    static AwsServiceException throttling(String message) {
        return new AwsServiceException(429, "ThrottlingException", message);
    }
}
