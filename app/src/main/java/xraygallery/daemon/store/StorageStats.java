package xraygallery.daemon.store;

/**
 * Size of a store.
 *
 * @param traces traces held
 * @param bytes bytes used (for a database: its pages in use)
 * @param fileMissing the store's file was deleted while it was open (it goes on in the deleted file until closed)
 */
public record StorageStats(long traces, long bytes, boolean fileMissing) {
}
