package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A service a trace went through: a segment's name (and origin as type), or an inferred AWS/remote service. */
public record ServiceId(
        @JsonProperty("Name") String name,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("AccountId") String accountId,
        @JsonProperty("Type") String type) {

    public static ServiceId of(String name, String type) {
        return new ServiceId(name, List.of(name), null, type);
    }
}
