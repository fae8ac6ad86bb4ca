package xraygallery.localcloud;

import java.io.IOException;

/** Another local cloud (another process) serves this data directory: a second copy must not start on it. */
public final class DataInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataInUseException(String message) {
        super(message);
    }
}
