package xraygallery.localcloud.s3;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.files.FileTrees;
import xraygallery.files.OwnerOnly;
import xraygallery.localcloud.AwsServiceException;
import xraygallery.localcloud.Json;
import xraygallery.localcloud.auth.SigV4;

/**
 * Buckets and objects on disk. A bucket is a folder named after it (names are validated, so safe);
 * an object's bytes are a blob with a random name and its metadata a JSON file named by the SHA-256
 * of its key, so no key, however crafted, becomes a path. Writes go to a temp file first; renaming
 * the metadata file is the commit, so a crash leaves either the old object or the new one, and
 * blobs no metadata points to are swept on start.
 */
public final class ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);
    private static final String BUCKET_FILE = "bucket.json";
    /** The largest single PUT S3 accepts. */
    static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024;

    private final Path root;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** A bucket's creation time and its key index (sorted, as listings need). */
    static final class Bucket {
        final String name;
        final Instant created;
        final Path dir;
        final NavigableMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();

        Bucket(String name, Instant created, Path dir) {
            this.name = name;
            this.created = created;
            this.dir = dir;
        }

        Path blobs() {
            return dir.resolve("blobs");
        }

        Path meta() {
            return dir.resolve("meta");
        }

        Path tmp() {
            return dir.resolve("tmp");
        }
    }

    /** Opens (or creates) the store under {@code root} and loads every bucket's index. */
    public ObjectStore(Path root) throws IOException {
        this.root = root;
        OwnerOnly.createDirectories(root);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                if (Files.isRegularFile(dir.resolve(BUCKET_FILE)) && BucketNames.isValid(dir.getFileName().toString())) {
                    Bucket bucket = load(dir);
                    buckets.put(bucket.name, bucket);
                }
            }
        }
        LOG.debug("object store {} opened with {} buckets", root, buckets.size());
    }

    private static Bucket load(Path dir) throws IOException {
        Map<String, String> info = Json.MAPPER.readValue(dir.resolve(BUCKET_FILE).toFile(),
                new TypeReference<Map<String, String>>() { });
        Bucket bucket = new Bucket(dir.getFileName().toString(), Instant.parse(info.get("created")), dir);
        OwnerOnly.createDirectories(bucket.blobs());
        OwnerOnly.createDirectories(bucket.meta());
        OwnerOnly.createDirectories(bucket.tmp());
        deleteChildren(bucket.tmp());
        Set<String> referenced = new HashSet<>();
        try (DirectoryStream<Path> metas = Files.newDirectoryStream(bucket.meta(), "*.json")) {
            for (Path meta : metas) {
                StoredObject object = Json.MAPPER.readValue(meta.toFile(), StoredObject.class);
                if (Files.isRegularFile(bucket.blobs().resolve(object.blob()))) {
                    bucket.objects.put(object.key(), object);
                    referenced.add(object.blob());
                } else {
                    LOG.warn("object {}/{} lost its content; dropping it", bucket.name, object.key());
                    Files.delete(meta);
                }
            }
        }
        try (DirectoryStream<Path> blobs = Files.newDirectoryStream(bucket.blobs())) {
            for (Path blob : blobs) {
                if (!referenced.contains(blob.getFileName().toString())) {
                    LOG.info("sweeping unreferenced blob {} in bucket {}", blob.getFileName(), bucket.name);
                    Files.delete(blob);
                }
            }
        }
        return bucket;
    }

    /** Creates a bucket; {@code BucketAlreadyOwnedByYou} if it exists. */
    public synchronized Instant createBucket(String name) throws IOException {
        if (!BucketNames.isValid(name)) {
            throw new AwsServiceException(400, "InvalidBucketName", "The specified bucket is not valid.", name);
        }
        if (buckets.containsKey(name)) {
            throw new AwsServiceException(409, "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.", name);
        }
        Path dir = root.resolve(name);
        Path staging = root.resolve("." + name + "." + UUID.randomUUID() + ".new");
        Instant created = Instant.now();
        OwnerOnly.createDirectories(staging.resolve("blobs"));
        OwnerOnly.createDirectories(staging.resolve("meta"));
        OwnerOnly.createDirectories(staging.resolve("tmp"));
        writeAtomically(staging.resolve(BUCKET_FILE), Json.MAPPER.writeValueAsBytes(Map.of("created", created.toString())),
                staging.resolve("tmp"));
        FileTrees.deleteTree(dir);
        Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        buckets.put(name, new Bucket(name, created, dir));
        return created;
    }

    /** Deletes an empty bucket: {@code NoSuchBucket}, {@code BucketNotEmpty}. */
    public synchronized void deleteBucket(String name) throws IOException {
        Bucket bucket = bucket(name);
        synchronized (bucket) {
            if (!bucket.objects.isEmpty()) {
                throw new AwsServiceException(409, "BucketNotEmpty", "The bucket you tried to delete is not empty.", name);
            }
            Files.delete(bucket.dir.resolve(BUCKET_FILE));
            buckets.remove(name);
        }
        FileTrees.deleteTree(bucket.dir);
    }

    /** The bucket, or {@code NoSuchBucket}. */
    Bucket bucket(String name) {
        Bucket bucket = name == null ? null : buckets.get(name);
        if (bucket == null) {
            throw new AwsServiceException(404, "NoSuchBucket", "The specified bucket does not exist.", name);
        }
        return bucket;
    }

    /** Buckets sorted by name, with their creation times. */
    public List<Map.Entry<String, Instant>> buckets() {
        List<Map.Entry<String, Instant>> list = new ArrayList<>();
        buckets.values().forEach(b -> list.add(Map.entry(b.name, b.created)));
        list.sort(Map.Entry.comparingByKey());
        return list;
    }

    /** The object's metadata, or {@code NoSuchKey}. */
    public StoredObject head(String bucketName, String key) {
        StoredObject object = bucket(bucketName).objects.get(key);
        if (object == null) {
            throw new AwsServiceException(404, "NoSuchKey", "The specified key does not exist.", key);
        }
        return object;
    }

    /** Opens an object's content positioned at {@code offset}; the stream stays valid if it is replaced meanwhile. */
    public InputStream open(StoredObject object, String bucketName, long offset) throws IOException {
        Bucket bucket = bucket(bucketName);
        try {
            FileChannel channel = FileChannel.open(bucket.blobs().resolve(object.blob()), StandardOpenOption.READ);
            channel.position(offset);
            return java.nio.channels.Channels.newInputStream(channel);
        } catch (NoSuchFileException e) {
            throw new AwsServiceException(404, "NoSuchKey", "The specified key does not exist.", object.key());
        }
    }

    /** Where a new object's bytes are written before {@link #commit}. */
    public Path newTempFile(String bucketName) throws IOException {
        Path temp = bucket(bucketName).tmp().resolve(UUID.randomUUID() + ".part");
        return Files.createFile(temp, OwnerOnly.fileAttributes(temp)); // the blob it becomes stays 0600
    }

    /**
     * Makes a fully written temp file the content of {@code key}, replacing any previous object.
     *
     * @param ifNoneMatchStar refuse with {@code PreconditionFailed} if the key exists
     */
    public StoredObject commit(String bucketName, String key, Path tempFile, StoredObject template,
            boolean ifNoneMatchStar) throws IOException {
        Bucket bucket = bucket(bucketName);
        String blob = UUID.randomUUID().toString();
        try (FileChannel channel = FileChannel.open(tempFile, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        StoredObject object = new StoredObject(key, blob, template.size(), template.etag(), Instant.now(),
                template.headers(), template.userMetadata(), template.checksumAlgorithm(), template.checksum());
        synchronized (bucket) {
            if (buckets.get(bucketName) != bucket) {
                throw new AwsServiceException(404, "NoSuchBucket", "The specified bucket does not exist.", bucketName);
            }
            if (ifNoneMatchStar && bucket.objects.containsKey(key)) {
                throw new AwsServiceException(412, "PreconditionFailed",
                        "At least one of the pre-conditions you specified did not hold", key);
            }
            Files.move(tempFile, bucket.blobs().resolve(blob), StandardCopyOption.ATOMIC_MOVE);
            writeAtomically(metaFile(bucket, key), Json.MAPPER.writeValueAsBytes(object), bucket.tmp());
            StoredObject previous = bucket.objects.put(key, object);
            if (previous != null) {
                Files.deleteIfExists(bucket.blobs().resolve(previous.blob()));
            }
        }
        return object;
    }

    /** Removes an object; absent keys are not an error (as in S3). */
    public boolean delete(String bucketName, String key) throws IOException {
        Bucket bucket = bucket(bucketName);
        synchronized (bucket) {
            StoredObject previous = bucket.objects.remove(key);
            if (previous == null) {
                return false;
            }
            Files.deleteIfExists(metaFile(bucket, key));
            Files.deleteIfExists(bucket.blobs().resolve(previous.blob()));
            return true;
        }
    }

    /** The sorted key index of a bucket, for listings. */
    NavigableMap<String, StoredObject> index(String bucketName) {
        return bucket(bucketName).objects;
    }

    /** Copies content into a temp file of the target bucket, ready for {@link #commit}. */
    public Path copyToTemp(String sourceBucket, StoredObject source, String targetBucket) throws IOException {
        Path temp = newTempFile(targetBucket);
        try (InputStream in = open(source, sourceBucket, 0);
                OutputStream out = Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(out);
        }
        return temp;
    }

    private static Path metaFile(Bucket bucket, String key) {
        return bucket.meta().resolve(SigV4.sha256Hex(key.getBytes(StandardCharsets.UTF_8)) + ".json");
    }

    private static void writeAtomically(Path target, byte[] content, Path tmpDir) throws IOException {
        Path temp = tmpDir.resolve(UUID.randomUUID() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                OwnerOnly.fileAttributes(temp))) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteChildren(Path dir) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                FileTrees.deleteTree(child);
            }
        }
    }
}
