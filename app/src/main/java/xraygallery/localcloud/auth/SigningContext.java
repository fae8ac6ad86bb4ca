package xraygallery.localcloud.auth;

/**
 * What a verified request leaves for checking the signatures of the body chunks that follow it.
 *
 * @param seedSignature the verified signature of the request itself; the first chunk chains from it
 */
public record SigningContext(byte[] signingKey, String scope, String amzDate, String seedSignature) {

    /** The signature of one link in the streaming chain, as the client must have computed it. */
    public String chainSignature(String kind, String previousSignature, String... hashes) {
        StringBuilder toSign = new StringBuilder(kind).append('\n').append(amzDate).append('\n')
                .append(scope).append('\n').append(previousSignature);
        for (String hash : hashes) {
            toSign.append('\n').append(hash);
        }
        return SigV4.hex(SigV4.hmac(signingKey, toSign.toString()));
    }
}
