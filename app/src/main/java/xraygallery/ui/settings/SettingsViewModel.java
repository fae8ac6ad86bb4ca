package xraygallery.ui.settings;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import xraygallery.app.AwsProfiles.AwsProfile;
import xraygallery.app.SettingsFile;

/**
 * The settings dialog: local or AWS, the AWS profile and region, bucket, database instance, and an optional fixed
 * database host and user. Saved to the config file the CLI reads too; the database password is kept for this
 * session only. A setting fixed by an environment variable is shown as such and cannot be edited here.
 */
public final class SettingsViewModel {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,62}");

    /** Where settings are read from and written to. */
    public interface Store {
        Map<String, String> read() throws IOException;

        void write(Map<String, String> settings) throws IOException;
    }

    private final Store store;
    private final Map<String, String> environment;
    private final Map<String, String> saved = new HashMap<>();
    private final BooleanProperty aws = new SimpleBooleanProperty();
    private final StringProperty profile = new SimpleStringProperty("");
    private final StringProperty region = new SimpleStringProperty("");
    private final StringProperty bucket = new SimpleStringProperty("");
    private final StringProperty instanceId = new SimpleStringProperty("");
    private final StringProperty databaseHost = new SimpleStringProperty("");
    private final StringProperty databasePort = new SimpleStringProperty("");
    private final StringProperty databaseUser = new SimpleStringProperty("");
    private final StringProperty databaseName = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ObservableList<String> profiles = FXCollections.observableArrayList();
    private final ObservableList<String> regions = FXCollections.observableArrayList();
    private final Map<String, String> profileRegions = new HashMap<>();
    private final StringBinding problem;
    private Map<String, String> applied;
    private String appliedPassword;

    /**
     * @param environment the process environment: a key set there overrides the file
     * @param sessionPassword the password kept for this session so far, or empty
     */
    public SettingsViewModel(Store store, Map<String, String> environment, List<AwsProfile> awsProfiles,
            List<String> awsRegions, String sessionPassword) throws IOException {
        this.store = store;
        this.environment = Map.copyOf(environment);
        awsProfiles.forEach(p -> {
            profiles.add(p.name());
            if (p.region() != null) {
                profileRegions.put(p.name(), p.region());
            }
        });
        regions.setAll(awsRegions);
        saved.putAll(store.read());
        Function<String, String> value = key -> this.environment.getOrDefault(key, saved.getOrDefault(key, ""));
        aws.set("aws".equalsIgnoreCase(value.apply("XRAY_GALLERY_MODE")));
        profile.set(value.apply("AWS_PROFILE"));
        region.set(value.apply("AWS_REGION"));
        bucket.set(value.apply("PHOTOS_BUCKET"));
        instanceId.set(value.apply("DATABASE_INSTANCE"));
        databaseHost.set(value.apply("DATABASE_HOST"));
        databasePort.set(value.apply("DATABASE_PORT"));
        databaseUser.set(value.apply("DATABASE_USER"));
        databaseName.set(value.apply("DATABASE_DB_NAME"));
        password.set(sessionPassword == null ? "" : sessionPassword);
        profile.addListener((o, old, name) -> {
            String profileRegion = profileRegions.get(name);
            if (profileRegion != null && (region.get().isBlank() || region.get().equals(profileRegions.get(old)))) {
                region.set(profileRegion);
            }
        });
        problem = Bindings.createStringBinding(this::validate, aws, bucket, instanceId, databaseHost, databasePort,
                databaseUser, region);
        applied = settings();
        appliedPassword = password.get();
    }

    /** What must be fixed before saving, or empty. */
    private String validate() {
        String id = instanceId.get().strip();
        if (!id.isEmpty() && !INSTANCE.matcher(id).matches()) {
            return "A DB instance id starts with a letter and has letters, digits and hyphens.";
        }
        String port = databasePort.get().strip();
        if (!port.isEmpty()) {
            try {
                int p = Integer.parseInt(port);
                if (p < 1 || p > 65_535) {
                    return "The database port is a number from 1 to 65535.";
                }
            } catch (NumberFormatException e) {
                return "The database port is a number from 1 to 65535.";
            }
        }
        if (!aws.get()) {
            return "";
        }
        String b = bucket.get().strip();
        if (b.isEmpty()) {
            return "AWS mode needs the S3 bucket for photos.";
        }
        if (!BUCKET.matcher(b).matches()) {
            return "An S3 bucket name has 3 to 63 lower-case letters, digits, dots and hyphens.";
        }
        if (!region.get().isBlank() && !regions.isEmpty() && !regions.contains(region.get().strip())) {
            return "'" + region.get().strip() + "' is not an AWS region.";
        }
        if (!databaseHost.get().isBlank() && databaseUser.get().isBlank()) {
            return "With a database host, give the database user too.";
        }
        return "";
    }

    /** The settings as they would be written (blank ones left out). */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("XRAY_GALLERY_MODE", aws.get() ? "aws" : "local");
        settings.put("AWS_PROFILE", profile.get());
        settings.put("AWS_REGION", region.get());
        settings.put("PHOTOS_BUCKET", bucket.get());
        settings.put("DATABASE_INSTANCE", instanceId.get());
        settings.put("DATABASE_HOST", databaseHost.get());
        settings.put("DATABASE_PORT", databasePort.get());
        settings.put("DATABASE_USER", databaseUser.get());
        settings.put("DATABASE_DB_NAME", databaseName.get());
        settings.replaceAll((k, v) -> v == null ? "" : v.strip());
        return settings;
    }

    /**
     * Writes the settings (not the password, and not those the environment fixes) to the config file.
     *
     * @return true when the session must restart for them to apply: any setting or the password changed (every
     *     one of them decides where photos, the database or traces go)
     */
    public boolean save() throws IOException {
        if (!problem.get().isEmpty()) {
            throw new IllegalStateException(problem.get());
        }
        Map<String, String> wanted = settings();
        Map<String, String> toWrite = new HashMap<>(wanted);
        environment.keySet().forEach(key -> {
            if (saved.containsKey(key)) {
                toWrite.put(key, saved.get(key)); // the file keeps its own value under an environment override
            } else {
                toWrite.remove(key);
            }
        });
        store.write(toWrite);
        boolean changed = !wanted.equals(applied) || !Objects.equals(appliedPassword, password.get());
        saved.clear();
        saved.putAll(toWrite);
        applied = wanted;
        appliedPassword = password.get();
        return changed;
    }

    /** The environment variable that fixes {@code key}, or null. */
    public String overriddenBy(String key) {
        return environment.containsKey(key) && !environment.get(key).isBlank() ? key : null;
    }

    public BooleanProperty awsProperty() {
        return aws;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty bucketProperty() {
        return bucket;
    }

    public StringProperty instanceIdProperty() {
        return instanceId;
    }

    public StringProperty databaseHostProperty() {
        return databaseHost;
    }

    public StringProperty databasePortProperty() {
        return databasePort;
    }

    public StringProperty databaseUserProperty() {
        return databaseUser;
    }

    public StringProperty databaseNameProperty() {
        return databaseName;
    }

    /** The database password for this session only (never saved). */
    public StringProperty passwordProperty() {
        return password;
    }

    public ObservableList<String> profiles() {
        return profiles;
    }

    public ObservableList<String> regions() {
        return regions;
    }

    /** What must be fixed before saving, or empty. */
    public StringBinding problemProperty() {
        return problem;
    }

    /** A {@link Store} on the config file. */
    public static Store fileStore(java.nio.file.Path file) {
        return new Store() {
            @Override
            public Map<String, String> read() throws IOException {
                return SettingsFile.read(file);
            }

            @Override
            public void write(Map<String, String> settings) throws IOException {
                SettingsFile.write(file, settings);
            }
        };
    }
}
