package xraygallery.ui.upload;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import xraygallery.photos.UploadEvent;
import xraygallery.photos.UploadJournal;
import xraygallery.photos.User;

/** An upload service that passes everything on; tests override what they watch or hold up. */
class ForwardingUploads implements UploadService {
    private final UploadService delegate;

    ForwardingUploads(UploadService delegate) {
        this.delegate = delegate;
    }

    /** What the queue gets is what {@link #event} passes on. */
    protected void event(UploadEvent event, Consumer<UploadEvent> listener) {
        listener.accept(event);
    }

    private Consumer<UploadEvent> watched(Consumer<UploadEvent> listener) {
        return event -> event(event, listener);
    }

    @Override
    public void upload(User user, List<Path> files, Consumer<UploadEvent> listener) {
        delegate.upload(user, files, watched(listener));
    }

    @Override
    public List<UploadJournal.Entry> pending(User user) {
        return delegate.pending(user);
    }

    @Override
    public void resume(User user, Consumer<UploadEvent> listener) {
        delegate.resume(user, watched(listener));
    }

    @Override
    public void retry(User user, String uploadId, Consumer<UploadEvent> listener) {
        delegate.retry(user, uploadId, watched(listener));
    }

    @Override
    public boolean cancel(String uploadId) {
        return delegate.cancel(uploadId);
    }
}
