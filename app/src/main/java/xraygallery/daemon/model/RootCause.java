package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A fault, error or response-time root cause (FaultRootCause, ErrorRootCause, ResponseTimeRootCause share this
 * shape): the services on the path and, in each, the entities from the segment down to the cause.
 */
public record RootCause(
        @JsonProperty("Services") List<Service> services,
        @JsonProperty("ClientImpacting") Boolean clientImpacting) {

    /** A service on a root-cause path. */
    public record Service(
            @JsonProperty("Name") String name,
            @JsonProperty("Names") List<String> names,
            @JsonProperty("Type") String type,
            @JsonProperty("AccountId") String accountId,
            @JsonProperty("EntityPath") List<Entity> entityPath,
            @JsonProperty("Inferred") Boolean inferred) {
    }

    /** A segment or subsegment on the path; exceptions for faults and errors, coverage for response time. */
    public record Entity(
            @JsonProperty("Name") String name,
            @JsonProperty("Exceptions") List<Exception> exceptions,
            @JsonProperty("Coverage") Double coverage,
            @JsonProperty("Remote") Boolean remote) {
    }

    /** An exception recorded on an entity ({@code cause.exceptions[]}). */
    public record Exception(
            @JsonProperty("Name") String name,
            @JsonProperty("Message") String message) {
    }
}
