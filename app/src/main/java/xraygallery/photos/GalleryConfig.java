package xraygallery.photos;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the gallery keeps photos and data. Local mode (the default) needs nothing: the local cloud
 * provides the bucket and the database and its credentials. AWS mode ({@code --aws} or
 * {@code XRAY_GALLERY_MODE=aws}) uses the seed app's names: {@code PHOTOS_BUCKET},
 * {@code DATABASE_HOST}, {@code DATABASE_USER}, {@code DATABASE_PASSWORD}, {@code DATABASE_DB_NAME},
 * plus {@code DATABASE_INSTANCE}. Environment variables override
 * {@code ~/.config/xray-gallery/config.properties}, which overrides the defaults.
 *
 * @param awsProfile {@code AWS_PROFILE}: the AWS profile for credentials and region in AWS mode, or null for the
 *     default chain
 * @param awsRegion {@code AWS_REGION}: overrides the profile's region, or null
 * @param databaseHost null: take the endpoint from DescribeDBInstances
 * @param databaseUser null in local mode: read from the local cloud's credentials file
 */
public record GalleryConfig(boolean aws, String awsProfile, String awsRegion, String bucket, String instanceId, String databaseHost, Integer databasePort,
        String databaseUser, String databasePassword, String databaseName, URI localCloudEndpoint,
        Path localCloudData, Path appData) {

    public static final String DEFAULT_BUCKET = "xray-gallery-photos";
    public static final String DEFAULT_INSTANCE = "edx-photos-db";
    public static final String DEFAULT_DATABASE = "photos";
    public static final URI DEFAULT_LOCAL_CLOUD = URI.create("http://127.0.0.1:4566");

    /**
     * Reads the configuration.
     *
     * @param env the environment (System.getenv())
     * @param file the optional properties file
     * @param awsFlag {@code --aws} given on the command line
     * @param appData the app's data directory ($XDG_DATA_HOME/xray-gallery)
     */
    public static GalleryConfig load(Map<String, String> env, Path file, boolean awsFlag, Path appData) throws IOException {
        Map<String, String> values = new HashMap<>();
        if (file != null && Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
        }
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                values.put(k, v.trim());
            }
        });
        String mode = values.getOrDefault("XRAY_GALLERY_MODE", "local").toLowerCase(Locale.ROOT);
        if (!mode.equals("local") && !mode.equals("aws")) {
            throw new GalleryException("XRAY_GALLERY_MODE must be 'local' or 'aws', not '" + mode + "'.");
        }
        boolean aws = awsFlag || mode.equals("aws");
        String bucket = values.get("PHOTOS_BUCKET");
        if (aws && bucket == null) {
            throw new GalleryException("AWS mode needs PHOTOS_BUCKET (the S3 bucket for photos).");
        }
        Integer port = null;
        if (values.containsKey("DATABASE_PORT")) {
            try {
                port = Integer.valueOf(values.get("DATABASE_PORT"));
            } catch (NumberFormatException e) {
                throw new GalleryException("DATABASE_PORT must be a number, not '" + values.get("DATABASE_PORT") + "'.");
            }
        }
        URI endpoint;
        try {
            endpoint = URI.create(values.getOrDefault("XRAY_GALLERY_LOCALCLOUD", DEFAULT_LOCAL_CLOUD.toString()));
        } catch (IllegalArgumentException e) {
            throw new GalleryException("XRAY_GALLERY_LOCALCLOUD is not a URL: " + e.getMessage());
        }
        if (aws && (values.containsKey("DATABASE_HOST") && values.get("DATABASE_USER") == null)) {
            throw new GalleryException("DATABASE_HOST is set but DATABASE_USER is not.");
        }
        return new GalleryConfig(aws, values.get("AWS_PROFILE"), values.get("AWS_REGION"), bucket == null ? DEFAULT_BUCKET : bucket,
                values.getOrDefault("DATABASE_INSTANCE", DEFAULT_INSTANCE),
                values.get("DATABASE_HOST"), port, values.get("DATABASE_USER"), values.get("DATABASE_PASSWORD"),
                values.getOrDefault("DATABASE_DB_NAME", DEFAULT_DATABASE), endpoint,
                Path.of(values.getOrDefault("XRAY_GALLERY_LOCALCLOUD_DATA", appData.resolve("localcloud").toString())),
                appData);
    }

    /** The default properties file: {@code $XDG_CONFIG_HOME/xray-gallery/config.properties}. */
    public static Path defaultFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("xray-gallery").resolve("config.properties");
    }

    /** The local cloud's file with the database master user's credentials. */
    public Path localCredentialsFile() {
        return localCloudData.resolve("rds").resolve(instanceId).resolve("credentials.properties");
    }
}
