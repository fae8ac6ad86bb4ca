package xraygallery.ui.upload;

import com.sun.javafx.scene.SceneHelper;
import com.sun.javafx.tk.TKClipboard;
import com.sun.javafx.tk.TKDropTargetListener;
import java.io.File;
import java.lang.reflect.Field;
import java.security.AccessControlContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;

/**
 * Drags files in from outside the app (a file manager, say) through the entry point the windowing system uses: the
 * scene's drop-target listener, which the toolkit calls on the FX thread as the pointer enters, moves over and drops
 * on the window. The scene then picks the node under the pointer and sends the real DRAG_ENTERED, DRAG_OVER,
 * DRAG_DROPPED and DRAG_EXITED events itself, with a {@link javafx.scene.input.Dragboard} on our clipboard. TestFX
 * cannot drag files in from outside; JavaFX on the class path lets a test reach the toolkit's classes. Call every
 * method on the FX thread.
 */
public final class FileDrag {
    private final Scene scene;
    private final TKDropTargetListener target;
    private final TKClipboard clipboard;
    private Point2D last = Point2D.ZERO;

    private FileDrag(Scene scene, TKClipboard clipboard) {
        this.scene = scene;
        this.clipboard = clipboard;
        this.target = dropTargetListener(scene);
    }

    /** Files, as a file manager offers them (copy, move or link). */
    public static FileDrag ofFiles(Scene scene, List<File> files) {
        return new FileDrag(scene, new Offered(DataFormat.FILES, List.copyOf(files)));
    }

    /** Some text, not files. */
    public static FileDrag ofText(Scene scene, String text) {
        return new FileDrag(scene, new Offered(DataFormat.PLAIN_TEXT, text));
    }

    /** The pointer enters the window over the middle of {@code node}; returns the transfer mode accepted, or null. */
    public TransferMode enter(Node node) {
        last = middle(node);
        return target.dragEnter(last.getX(), last.getY(), screenX(last), screenY(last), TransferMode.COPY, clipboard);
    }

    /** The pointer moves over the middle of {@code node}. */
    public TransferMode over(Node node) {
        last = middle(node);
        return target.dragOver(last.getX(), last.getY(), screenX(last), screenY(last), TransferMode.COPY);
    }

    /** The files are dropped where the pointer is; returns the transfer mode of a completed drop, or null. */
    public TransferMode drop() {
        return target.drop(last.getX(), last.getY(), screenX(last), screenY(last), TransferMode.COPY);
    }

    /** The pointer leaves the window without dropping. */
    public void leave() {
        target.dragExit(last.getX(), last.getY(), screenX(last), screenY(last));
    }

    private static Point2D middle(Node node) {
        var bounds = node.localToScene(node.getLayoutBounds());
        return new Point2D(bounds.getCenterX(), bounds.getCenterY());
    }

    private double screenX(Point2D p) {
        return scene.getWindow().getX() + scene.getX() + p.getX();
    }

    private double screenY(Point2D p) {
        return scene.getWindow().getY() + scene.getY() + p.getY();
    }

    private static TKDropTargetListener dropTargetListener(Scene scene) {
        Object peer = SceneHelper.getPeer(scene);
        for (Class<?> type = peer.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField("dropTargetListener");
                field.setAccessible(true);
                return (TKDropTargetListener) field.get(peer);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no drop target listener on " + peer.getClass());
    }

    /** A drag-and-drop clipboard holding one piece of content, read-only. */
    private static final class Offered implements TKClipboard {
        private final DataFormat format;
        private final Object content;

        Offered(DataFormat format, Object content) {
            this.format = format;
            this.content = content;
        }

        @Override
        @SuppressWarnings("removal")
        public void setSecurityContext(AccessControlContext context) {
        }

        @Override
        public Set<DataFormat> getContentTypes() {
            return Set.of(format);
        }

        @Override
        @SafeVarargs
        public final boolean putContent(Pair<DataFormat, Object>... content) {
            return false;
        }

        @Override
        public Object getContent(DataFormat dataFormat) {
            return format.equals(dataFormat) ? content : null;
        }

        @Override
        public boolean hasContent(DataFormat dataFormat) {
            return format.equals(dataFormat);
        }

        @Override
        public Set<TransferMode> getTransferModes() {
            return EnumSet.of(TransferMode.COPY, TransferMode.MOVE, TransferMode.LINK);
        }

        @Override
        public void setDragView(Image image) {
        }

        @Override
        public void setDragViewOffsetX(double offsetX) {
        }

        @Override
        public void setDragViewOffsetY(double offsetY) {
        }

        @Override
        public Image getDragView() {
            return null;
        }

        @Override
        public double getDragViewOffsetX() {
            return 0;
        }

        @Override
        public double getDragViewOffsetY() {
            return 0;
        }
    }
}
