package xraygallery.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;

/** The AWS profiles and regions a user can pick from: {@code ~/.aws/config} and {@code ~/.aws/credentials}. */
public final class AwsProfiles {
    private static final Logger LOG = LoggerFactory.getLogger(AwsProfiles.class);

    private AwsProfiles() {
    }

    /** A profile and its region, if it names one. */
    public record AwsProfile(String name, String region) {
    }

    /** The user's profiles, {@code default} first; empty when there are no AWS files or they cannot be read. */
    public static List<AwsProfile> list() {
        try {
            return list(ProfileFile.defaultProfileFile().profiles());
        } catch (RuntimeException e) {
            LOG.info("no AWS profiles readable: {}", e.toString());
            return List.of();
        }
    }

    static List<AwsProfile> list(Map<String, Profile> profiles) {
        List<AwsProfile> all = new ArrayList<>();
        new TreeMap<>(profiles).forEach((name, profile) ->
                all.add(new AwsProfile(name, profile.property(ProfileProperty.REGION).orElse(null))));
        all.sort(Comparator.comparing((AwsProfile p) -> !p.name().equals("default")).thenComparing(AwsProfile::name));
        return all;
    }

    /** Region ids of the public AWS partition, sorted. */
    public static List<String> regions() {
        return Region.regions().stream()
                .filter(r -> r.metadata() != null && "aws".equals(r.metadata().partition().id()))
                .map(Region::id).sorted().toList();
    }
}
