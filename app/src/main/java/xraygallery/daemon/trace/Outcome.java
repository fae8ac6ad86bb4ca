package xraygallery.daemon.trace;

import com.fasterxml.jackson.databind.JsonNode;

/** How a segment or subsegment ended, from its {@code fault}, {@code throttle} and {@code error} flags. */
public enum Outcome {
    OK, ERROR, THROTTLE, FAULT;

    /** The outcome of a completed entity (fault wins over throttle, throttle over error). */
    public static Outcome of(JsonNode entity) {
        return of(entity.path("fault"), entity.path("throttle"), entity.path("error"));
    }

    /** The same, from the three flags' values (as {@code path} gives them). */
    static Outcome of(JsonNode fault, JsonNode throttle, JsonNode error) {
        if (fault.asBoolean(false)) {
            return FAULT;
        }
        if (throttle.asBoolean(false)) {
            return THROTTLE;
        }
        if (error.asBoolean(false)) {
            return ERROR;
        }
        return OK;
    }
}
