package xraygallery.daemon.store;

/**
 * Size of a store.
 *
 * @param traces traces held
 * @param bytes bytes used (for a database: its pages in use)
 */
public record StorageStats(long traces, long bytes) {
}
