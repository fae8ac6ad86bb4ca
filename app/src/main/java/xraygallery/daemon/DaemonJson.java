package xraygallery.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The daemon's JSON mapper: nulls left out, unknown fields ignored (documents come from many SDKs). */
public final class DaemonJson {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DaemonJson() {
    }

    /**
     * Writes an epoch-seconds timestamp as a plain decimal with millisecond precision ({@code 1732456789.123}),
     * never in exponent form, which is how the X-Ray API sends timestamps.
     */
    public static final class EpochSeconds extends StdSerializer<Double> {
        public EpochSeconds() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(plain(value));
        }
    }

    /** {@code 1732456789.123} for an epoch-seconds value. */
    public static String plain(double epochSeconds) {
        return BigDecimal.valueOf(epochSeconds).setScale(3, RoundingMode.HALF_UP).toPlainString();
    }
}
