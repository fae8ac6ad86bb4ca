package xraygallery.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.photos.UploadPipeline;
import xraygallery.photos.UploadResult;
import xraygallery.photos.User;

/** {@code xray-gallery upload --user NAME FILE...}: uploads photos, one trace each. */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = "Upload photos (and any left pending earlier). Prints each file's outcome and trace id.")
public final class UploadCommand implements Callable<Integer> {
    @Mixin
    GalleryOptions options;

    @Option(names = "--user", required = true, description = "Whose gallery; the password comes from "
            + "XRAY_GALLERY_PASSWORD, the console, or stdin.")
    String user;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Photos (JPEG, PNG, GIF, BMP; up to 50 MB).")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (GalleryRuntime runtime = Commands.openRuntime(options)) {
            User signedIn = Commands.signIn(runtime, user);
            UploadPipeline uploads = runtime.services().uploads();
            List<CompletableFuture<UploadResult>> all = new ArrayList<>(uploads.resume(signedIn, event -> { }));
            all.addAll(uploads.upload(signedIn, files, event -> { }));
            int failed = 0;
            for (CompletableFuture<UploadResult> future : all) {
                UploadResult result = future.join();
                System.out.println(line(result));
                if (result.outcome() == Stage.FAILED || result.outcome() == Stage.PENDING) {
                    failed++;
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }

    static String line(UploadResult result) {
        StringBuilder line = new StringBuilder(result.outcome().name().toLowerCase()).append('\t').append(result.fileName());
        if (result.photoId() != null) {
            line.append("\tphoto ").append(result.photoId());
        }
        if (result.traceId() != null) {
            line.append("\ttrace ").append(result.traceId());
        }
        if (result.message() != null) {
            line.append("\t").append(result.message());
        }
        return line.toString();
    }
}
