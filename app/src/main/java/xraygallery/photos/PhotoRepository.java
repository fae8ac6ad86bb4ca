package xraygallery.photos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import xraygallery.cloud.Labeler.Box;
import xraygallery.cloud.Labeler.Label;
import xraygallery.cloud.Labeler.Labels;

/**
 * The SQL of the gallery. Every query that reads or changes a photo names its owner, so one user
 * can never reach another's photos, even by guessing ids; all values go in as parameters.
 */
final class PhotoRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, owner_id, original_name, description, content_type, width, height, "
            + "bytes, sha256, faces, created_at, original_key, display_key, thumbnail_key, upload_trace_id";

    private PhotoRepository() {
    }

    static Optional<Long> findBySha256(Connection c, long ownerId, String sha256) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM photos WHERE owner_id = ? AND sha256 = ?")) {
            s.setLong(1, ownerId);
            s.setString(2, sha256);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Inserts a photo with its labels and faces; returns its id. */
    static long insert(Connection c, Photo photo, Labels labels) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO photos (owner_id, original_name, description, "
                + "content_type, width, height, bytes, sha256, faces, created_at, original_key, display_key, thumbnail_key, "
                + "upload_trace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", PreparedStatement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, photo.ownerId());
            s.setString(2, photo.originalName());
            s.setString(3, photo.description());
            s.setString(4, photo.contentType());
            s.setInt(5, photo.width());
            s.setInt(6, photo.height());
            s.setLong(7, photo.bytes());
            s.setString(8, photo.sha256());
            s.setInt(9, labels.faces().size());
            s.setTimestamp(10, Timestamp.from(photo.createdAt()));
            s.setString(11, photo.originalKey());
            s.setString(12, photo.displayKey());
            s.setString(13, photo.thumbnailKey());
            s.setString(14, photo.uploadTraceId());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO labels (photo_id, name, confidence, parents, instances) VALUES (?, ?, ?, ?, ?)")) {
            for (Label label : labels.labels()) {
                s.setLong(1, id);
                s.setString(2, label.name());
                s.setFloat(3, (float) label.confidence());
                s.setString(4, String.join(",", label.parents()));
                s.setString(5, json(label.instances()));
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO faces (photo_id, face_index, confidence, "
                + "box_left, box_top, box_width, box_height) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int index = 0;
            for (Box face : labels.faces()) {
                s.setLong(1, id);
                s.setInt(2, index++);
                s.setFloat(3, (float) face.confidence());
                s.setFloat(4, (float) face.left());
                s.setFloat(5, (float) face.top());
                s.setFloat(6, (float) face.width());
                s.setFloat(7, (float) face.height());
                s.addBatch();
            }
            s.executeBatch();
        }
        return id;
    }

    /** One page of the owner's photos, newest first. */
    static List<Photo> page(Connection c, long ownerId, int offset, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM photos WHERE owner_id = ? "
                + "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
            s.setLong(1, ownerId);
            s.setInt(2, limit);
            s.setInt(3, offset);
            return photos(s);
        }
    }

    /** The owner's photos with a label starting with {@code prefix} (any case), newest first. */
    static List<Photo> withLabel(Connection c, long ownerId, String prefix, int offset, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + prefixed("p") + " FROM photos p WHERE p.owner_id = ? "
                + "AND EXISTS (SELECT 1 FROM labels l WHERE l.photo_id = p.id AND l.name LIKE ? ESCAPE '!') "
                + "ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?")) {
            s.setLong(1, ownerId);
            s.setString(2, likePrefix(prefix));
            s.setInt(3, limit);
            s.setInt(4, offset);
            return photos(s);
        }
    }

    /** How many photos the owner has. */
    static int count(Connection c, long ownerId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM photos WHERE owner_id = ?")) {
            s.setLong(1, ownerId);
            return single(s);
        }
    }

    /** How many of the owner's photos have a label starting with {@code prefix} (any case). */
    static int countWithLabel(Connection c, long ownerId, String prefix) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM photos p WHERE p.owner_id = ? "
                + "AND EXISTS (SELECT 1 FROM labels l WHERE l.photo_id = p.id AND l.name LIKE ? ESCAPE '!')")) {
            s.setLong(1, ownerId);
            s.setString(2, likePrefix(prefix));
            return single(s);
        }
    }

    /**
     * The {@code perPhoto} most telling labels of each photo, in one query for all of them (the ids come from a
     * query that named the owner): the most confident first, but a label that is only a broader name of another
     * label of the photo ("Animal" for "Dog") after the specific ones.
     */
    static Map<Long, List<PhotoCard.TopLabel>> topLabels(Connection c, List<Long> photoIds, int perPhoto)
            throws SQLException {
        record Row(String name, double confidence, String parents) {
        }
        Map<Long, List<Row>> rows = new HashMap<>();
        if (photoIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(photoIds.size(), "?"));
        try (PreparedStatement s = c.prepareStatement("SELECT photo_id, name, confidence, parents FROM labels "
                + "WHERE photo_id IN (" + marks + ") ORDER BY photo_id, confidence DESC, name")) {
            for (int i = 0; i < photoIds.size(); i++) {
                s.setLong(i + 1, photoIds.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.computeIfAbsent(r.getLong(1), id -> new ArrayList<>())
                            .add(new Row(r.getString(2), r.getFloat(3), r.getString(4)));
                }
            }
        }
        Map<Long, List<PhotoCard.TopLabel>> labels = new HashMap<>();
        rows.forEach((photoId, list) -> {
            java.util.Set<String> broader = new java.util.HashSet<>();
            for (Row row : list) {
                if (!row.parents().isEmpty()) {
                    for (String parent : row.parents().split(",")) {
                        broader.add(parent.strip().toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
            labels.put(photoId, list.stream()
                    .sorted(java.util.Comparator.comparing((Row row) -> broader.contains(row.name().toLowerCase(java.util.Locale.ROOT))))
                    .limit(perPhoto)
                    .map(row -> new PhotoCard.TopLabel(row.name(), row.confidence()))
                    .toList());
        });
        return labels;
    }

    private static int single(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    static Optional<Photo> find(Connection c, long ownerId, long photoId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM photos WHERE owner_id = ? AND id = ?")) {
            s.setLong(1, ownerId);
            s.setLong(2, photoId);
            return photos(s).stream().findFirst();
        }
    }

    static List<Label> labels(Connection c, long photoId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT name, confidence, parents, instances FROM labels WHERE photo_id = ? ORDER BY confidence DESC, name")) {
            s.setLong(1, photoId);
            List<Label> labels = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String parents = r.getString(3);
                    labels.add(new Label(r.getString(1), r.getFloat(2),
                            parents.isEmpty() ? List.of() : Arrays.asList(parents.split(",")), boxes(r.getString(4))));
                }
            }
            return labels;
        }
    }

    static List<Box> faces(Connection c, long photoId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT box_left, box_top, box_width, box_height, confidence "
                + "FROM faces WHERE photo_id = ? ORDER BY face_index")) {
            s.setLong(1, photoId);
            List<Box> faces = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    faces.add(new Box(r.getFloat(1), r.getFloat(2), r.getFloat(3), r.getFloat(4), r.getFloat(5)));
                }
            }
            return faces;
        }
    }

    /** Deletes the owner's photo (labels and faces cascade); false when there is none. */
    static boolean delete(Connection c, long ownerId, long photoId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM photos WHERE owner_id = ? AND id = ?")) {
            s.setLong(1, ownerId);
            s.setLong(2, photoId);
            return s.executeUpdate() == 1;
        }
    }

    /** {@code LIKE} pattern for "starts with": the user's %, _ and ! are matched literally. */
    static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static String prefixed(String alias) {
        return Arrays.stream(COLUMNS.split(", ")).map(col -> alias + "." + col).reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    private static List<Photo> photos(PreparedStatement s) throws SQLException {
        List<Photo> photos = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                photos.add(new Photo(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getInt(6), r.getInt(7), r.getLong(8), r.getString(9), r.getInt(10),
                        r.getTimestamp(11).toInstant(), r.getString(12), r.getString(13), r.getString(14),
                        r.getString(15)));
            }
        }
        return photos;
    }

    private static String json(List<Box> boxes) {
        try {
            return JSON.writeValueAsString(boxes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Box> boxes(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<Box>>() { });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
