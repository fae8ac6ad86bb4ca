package xraygallery.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import xraygallery.app.GalleryRuntime;
import xraygallery.cloud.Labeler.Label;
import xraygallery.photos.Gallery;
import xraygallery.photos.Photo;
import xraygallery.photos.User;

/** {@code xray-gallery photos --user NAME [--label L]}: lists a user's photos with their labels. */
@Command(name = "photos", mixinStandardHelpOptions = true, description = "List your photos, newest first, with their labels.")
public final class PhotosCommand implements Callable<Integer> {
    @Mixin
    GalleryOptions options;

    @Option(names = "--user", required = true, description = "Whose gallery (password as for upload).")
    String user;

    @Option(names = "--label", description = "Only photos with a label starting with this (any case).")
    String label;

    @Option(names = "--page", description = "Page from 0 (default ${DEFAULT-VALUE}).")
    int page = 0;

    @Option(names = "--page-size", description = "Photos per page (default ${DEFAULT-VALUE}).")
    int pageSize = 50;

    @Override
    public Integer call() throws Exception {
        try (GalleryRuntime runtime = Commands.openRuntime(options)) {
            User signedIn = Commands.signIn(runtime, user);
            Gallery gallery = runtime.services().gallery();
            List<Photo> photos = label == null ? gallery.myPhotos(signedIn, page, pageSize)
                    : gallery.search(signedIn, label, page, pageSize);
            for (Photo photo : photos) {
                List<Label> labels = gallery.detail(signedIn, photo.id()).labels();
                System.out.println(photo.id() + "\t" + photo.createdAt() + "\t" + photo.width() + "x" + photo.height()
                        + "\t" + photo.originalName() + "\t" + labels.stream()
                        .map(l -> l.name() + " " + Math.round(l.confidence()) + "%").collect(Collectors.joining(", ")));
            }
            if (photos.isEmpty()) {
                System.out.println(label == null ? "no photos yet" : "no photos with a label starting with '" + label + "'");
            }
            return 0;
        }
    }
}
