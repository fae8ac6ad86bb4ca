package xraygallery.localcloud;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The AWS wire protocols the local cloud speaks, each with its own error document. */
public enum WireProtocol {
    /** S3's REST/XML: {@code <Error><Code>…</Code>…</Error>}. */
    REST_XML {
        @Override
        String errorCode(String code) {
            return code;
        }

        @Override
        byte[] errorBody(AwsServiceException e, String requestId) {
            StringBuilder xml = new StringBuilder(Xml.DECLARATION).append("<Error>")
                    .append(Xml.element("Code", e.code()))
                    .append(Xml.element("Message", e.getMessage()));
            if (e.resource() != null) {
                xml.append(Xml.element("Resource", e.resource()));
            }
            xml.append(Xml.element("RequestId", requestId)).append("</Error>");
            return xml.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        String contentType() {
            return "application/xml";
        }
    },
    /** The Query protocol (RDS): {@code <ErrorResponse><Error><Type/><Code/><Message/></Error>}. */
    QUERY_XML {
        @Override
        String errorCode(String code) {
            return switch (code) {
                case "InvalidAccessKeyId" -> "InvalidClientTokenId";
                case "RequestTimeTooSkewed" -> "RequestExpired";
                default -> code;
            };
        }

        @Override
        byte[] errorBody(AwsServiceException e, String requestId) {
            String xml = Xml.DECLARATION + "<ErrorResponse><Error>"
                    + Xml.element("Type", e.isServerSide() ? "Receiver" : "Sender")
                    + Xml.element("Code", errorCode(e.code()))
                    + Xml.element("Message", e.getMessage())
                    + "</Error>" + Xml.element("RequestId", requestId) + "</ErrorResponse>";
            return xml.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        String contentType() {
            return "text/xml";
        }
    },
    /** The AWS JSON 1.1 protocol (Rekognition): {@code {"__type": …, "Message": …}}. */
    JSON_1_1 {
        @Override
        String errorCode(String code) {
            return switch (code) {
                case "SignatureDoesNotMatch" -> "InvalidSignatureException";
                case "InvalidAccessKeyId" -> "UnrecognizedClientException";
                case "RequestTimeTooSkewed" -> "InvalidSignatureException";
                default -> code;
            };
        }

        @Override
        byte[] errorBody(AwsServiceException e, String requestId) {
            String json = "{\"__type\":" + Json.quote(errorCode(e.code()))
                    + ",\"Message\":" + Json.quote(e.getMessage()) + "}";
            return json.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        String contentType() {
            return "application/x-amz-json-1.1";
        }
    };

    /** The response headers that carry the request id: S3's pair, or {@code x-amzn-RequestId}. */
    Map<String, String> requestIdHeaders(String requestId) {
        return this == REST_XML
                ? Map.of("x-amz-request-id", requestId, "x-amz-id-2", requestId)
                : Map.of("x-amzn-RequestId", requestId);
    }

    /** The code this protocol's clients expect for a generic local-cloud error code. */
    abstract String errorCode(String code);

    abstract byte[] errorBody(AwsServiceException e, String requestId);

    abstract String contentType();
}
