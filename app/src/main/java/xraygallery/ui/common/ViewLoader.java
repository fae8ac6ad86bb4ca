package xraygallery.ui.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads a view's FXML ({@code FooView} → {@code Foo.fxml} in the same package's resources) with the view object
 * itself as its controller, so that views can take constructor arguments. The FXML names the view class as
 * {@code fx:controller}; the loader hands over the instance.
 */
public final class ViewLoader {
    private ViewLoader() {
    }

    /** Loads {@code fxml} (a name next to the view's class) bound to {@code view}; returns the root. */
    public static <T extends Parent> T load(Object view, String fxml) {
        URL url = view.getClass().getResource(fxml);
        if (url == null) {
            throw new IllegalStateException("no " + fxml + " next to " + view.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setControllerFactory(type -> {
            if (!type.isInstance(view)) {
                throw new IllegalStateException(fxml + " names " + type.getName() + " but is loaded for "
                        + view.getClass().getName());
            }
            return view;
        });
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + fxml, e);
        }
    }
}
