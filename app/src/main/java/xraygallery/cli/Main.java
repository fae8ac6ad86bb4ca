package xraygallery.cli;

/** Plain launcher class (not a JavaFX Application) so that {@code java -jar} works on a class path. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(XrayGalleryCommand.run(args));
    }
}
