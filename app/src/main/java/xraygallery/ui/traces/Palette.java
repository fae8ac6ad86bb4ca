package xraygallery.ui.traces;

import javafx.scene.paint.Color;
import xraygallery.traceview.Component;
import xraygallery.traceview.Span;

/**
 * The trace panel's colours: one hue per component (the same in the split bar, the waterfall, the profile and the
 * map), red for faults and errors, orange for throttling. The hues read on light and dark backgrounds alike.
 */
final class Palette {
    static final Color FAULT = Color.web("#dc2626");
    static final Color THROTTLE = Color.web("#f97316");

    private Palette() {
    }

    static Color of(Component component) {
        return switch (component) {
            case RESIZE -> Color.web("#8b5cf6");
            case S3 -> Color.web("#16a34a");
            case REKOGNITION -> Color.web("#2563eb");
            case RDS_API -> Color.web("#0891b2");
            case MYSQL -> Color.web("#ca8a04");
            case OTHER_AWS -> Color.web("#0d9488");
            case REMOTE -> Color.web("#db2777");
            case LOCAL -> Color.web("#64748b");
            case UNCOVERED -> Color.web("#a8b3c2");
        };
    }

    /** A span's bar: red when it failed, orange when throttled, else its component's colour. */
    static Color of(Span span) {
        if (span.fault() || span.error()) {
            return FAULT;
        }
        if (span.throttle()) {
            return THROTTLE;
        }
        return of(span.component());
    }

    /** "#8b5cf6", for CSS. */
    static String css(Color color) {
        return String.format("#%02x%02x%02x", Math.round(color.getRed() * 255), Math.round(color.getGreen() * 255),
                Math.round(color.getBlue() * 255));
    }
}
