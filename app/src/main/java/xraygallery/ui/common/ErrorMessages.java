package xraygallery.ui.common;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.photos.GalleryException;

/** Turns what a task threw into one sentence for the user; never a stack trace (that goes to the log). */
public final class ErrorMessages {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMessages.class);

    private ErrorMessages() {
    }

    /** The use-case's own message when it has one, else what failed in plain words. */
    public static String describe(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof GalleryException) {
            return e.getMessage();
        }
        LOG.warn("unexpected failure", e);
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "Something went wrong (" + e.getClass().getSimpleName() + "); details are in the log.";
        }
        return message.length() > 300 ? message.substring(0, 300) + " …" : message;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException || e instanceof UncheckedIOException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
