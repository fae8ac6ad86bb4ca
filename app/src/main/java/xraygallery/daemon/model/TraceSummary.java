package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import xraygallery.daemon.DaemonJson;

/** Metadata computed from all the documents of one trace (the X-Ray API's TraceSummary). */
public record TraceSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("StartTime") @JsonSerialize(using = DaemonJson.EpochSeconds.class) Double startTime,
        @JsonProperty("Duration") Double duration,
        @JsonProperty("ResponseTime") Double responseTime,
        @JsonProperty("HasFault") Boolean hasFault,
        @JsonProperty("HasError") Boolean hasError,
        @JsonProperty("HasThrottle") Boolean hasThrottle,
        @JsonProperty("IsPartial") Boolean isPartial,
        @JsonProperty("Http") Http http,
        @JsonProperty("Annotations") Map<String, List<ValueWithServiceIds>> annotations,
        @JsonProperty("Users") List<TraceUser> users,
        @JsonProperty("ServiceIds") List<ServiceId> serviceIds,
        @JsonProperty("ResourceARNs") List<ResourceArn> resourceArns,
        @JsonProperty("InstanceIds") List<InstanceId> instanceIds,
        @JsonProperty("AvailabilityZones") List<AvailabilityZone> availabilityZones,
        @JsonProperty("EntryPoint") ServiceId entryPoint,
        @JsonProperty("FaultRootCauses") List<RootCause> faultRootCauses,
        @JsonProperty("ErrorRootCauses") List<RootCause> errorRootCauses,
        @JsonProperty("ResponseTimeRootCauses") List<RootCause> responseTimeRootCauses,
        @JsonProperty("Revision") Integer revision) {

    /** A resource ARN from a segment ({@code resource_arn}). */
    public record ResourceArn(@JsonProperty("ARN") String arn) {
    }

    /** An EC2 instance id from a segment ({@code aws.ec2.instance_id}). */
    public record InstanceId(@JsonProperty("Id") String id) {
    }

    /** An Availability Zone from a segment ({@code aws.ec2.availability_zone}). */
    public record AvailabilityZone(@JsonProperty("Name") String name) {
    }

    /** The same summary with another revision number. */
    public TraceSummary withRevision(int newRevision) {
        return new TraceSummary(id, startTime, duration, responseTime, hasFault, hasError, hasThrottle, isPartial,
                http, annotations, users, serviceIds, resourceArns, instanceIds, availabilityZones, entryPoint,
                faultRootCauses, errorRootCauses, responseTimeRootCauses, newRevision);
    }
}
