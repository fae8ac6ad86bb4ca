package xraygallery.daemon.trace;

import com.fasterxml.jackson.databind.JsonNode;

/** How a segment or subsegment ended, from its {@code fault}, {@code throttle} and {@code error} flags. */
public enum Outcome {
    OK, ERROR, THROTTLE, FAULT;

    /** The outcome of a completed entity (fault wins over throttle, throttle over error). */
    public static Outcome of(JsonNode entity) {
        if (entity.path("fault").asBoolean(false)) {
            return FAULT;
        }
        if (entity.path("throttle").asBoolean(false)) {
            return THROTTLE;
        }
        if (entity.path("error").asBoolean(false)) {
            return ERROR;
        }
        return OK;
    }
}
