package xraygallery.localcloud.rds;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import xraygallery.localcloud.DataInUseException;

/**
 * An exclusive OS lock on {@code dir/instance.lock}, held while a process serves the instance in
 * {@code dir}: two local clouds never run one data directory, and a database server found running
 * on it is known to be stale. The OS drops the lock when its process dies, even by SIGKILL.
 */
final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;

    private DirectoryLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Takes the lock, or fails at once if another process (or this JVM) holds it. */
    static DirectoryLock acquire(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("instance.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() != null) {
                return new DirectoryLock(channel);
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        throw new DataInUseException("the RDS instance in " + dir + " is in use by another local cloud");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
