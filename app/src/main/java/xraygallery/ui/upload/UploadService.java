package xraygallery.ui.upload;

import java.util.List;
import java.nio.file.Path;
import java.util.function.Consumer;
import xraygallery.photos.UploadEvent;
import xraygallery.photos.UploadJournal;
import xraygallery.photos.UploadPipeline;
import xraygallery.photos.User;

/**
 * What the upload queue asks of the photo service; {@link #of} adapts the real {@link UploadPipeline}, tests may
 * wrap it or pass a fake. Every method may block (file copies, the journal): the queue calls them off the UI
 * thread. Events arrive on whatever thread the service works on.
 */
public interface UploadService {

    /** Hands files in; returns once each is accepted or refused (their uploads go on). */
    void upload(User user, List<Path> files, Consumer<UploadEvent> listener);

    /** The user's files waiting in the journal, oldest first. */
    List<UploadJournal.Entry> pending(User user);

    /** Starts the user's pending files again. */
    void resume(User user, Consumer<UploadEvent> listener);

    /** Tries one failed or pending file again, under the same id. */
    void retry(User user, String uploadId, Consumer<UploadEvent> listener);

    /** Cancels a file not yet started; false when it has started or ended. */
    boolean cancel(String uploadId);

    static UploadService of(UploadPipeline pipeline) {
        return new UploadService() {
            @Override
            public void upload(User user, List<Path> files, Consumer<UploadEvent> listener) {
                pipeline.upload(user, files, listener);
            }

            @Override
            public List<UploadJournal.Entry> pending(User user) {
                return pipeline.pending(user);
            }

            @Override
            public void resume(User user, Consumer<UploadEvent> listener) {
                pipeline.resume(user, listener);
            }

            @Override
            public void retry(User user, String uploadId, Consumer<UploadEvent> listener) {
                pipeline.retry(user, uploadId, listener);
            }

            @Override
            public boolean cancel(String uploadId) {
                return pipeline.cancel(uploadId);
            }
        };
    }
}
