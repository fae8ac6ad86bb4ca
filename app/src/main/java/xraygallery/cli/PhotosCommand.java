package xraygallery.cli;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.GalleryPage;
import xraygallery.photos.PageRequest;
import xraygallery.photos.PhotoCard;
import xraygallery.photos.User;

/** {@code xray-gallery photos --user NAME [--label L]}: lists a user's photos with their top labels. */
@Command(name = "photos", mixinStandardHelpOptions = true,
        description = "List your photos, newest first, with their most confident labels.")
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
            int offset = Math.multiplyExact(Math.max(page, 0), Math.max(pageSize, 1));
            PageRequest request = (label == null ? PageRequest.all(offset, pageSize)
                    : PageRequest.labelled(label, offset, pageSize)).withoutThumbnails();
            GalleryPage listed = runtime.services().gallery().page(signedIn, request);
            for (PhotoCard card : listed.photos()) {
                var photo = card.photo();
                System.out.println(photo.id() + "\t" + photo.createdAt() + "\t" + photo.width() + "x" + photo.height()
                        + "\t" + photo.originalName() + "\t" + card.labels().stream()
                        .map(l -> l.name() + " " + Math.round(l.confidence()) + "%").collect(Collectors.joining(", ")));
            }
            if (listed.total() == 0) {
                System.out.println(label == null ? "no photos yet" : "no photos with a label starting with '" + label + "'");
            } else {
                System.out.println(listed.total() + (listed.total() == 1 ? " photo" : " photos")
                        + (label == null ? "" : " labelled " + label.strip() + "*")
                        + (listed.photos().isEmpty() ? "; none on page " + page : ""));
            }
            return 0;
        }
    }
}
