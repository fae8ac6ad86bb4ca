package xraygallery.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;
import xraygallery.app.AppDirectories;
import xraygallery.photos.GalleryException;

/** The top-level {@code xray-gallery} command. */
@Command(name = "xray-gallery", mixinStandardHelpOptions = true,
        versionProvider = XrayGalleryCommand.Version.class,
        description = "A desktop photo gallery whose every user action is traced with AWS X-Ray.",
        subcommands = {LocalCloudCommand.class, DaemonCommand.class, UsersCommand.class, DbCommand.class,
            UploadCommand.class, PhotosCommand.class, TracesCommand.class, BenchCommand.class})
public final class XrayGalleryCommand implements Callable<Integer> {

    @picocli.CommandLine.Option(names = "--aws", description = "Open the window on AWS instead of the local cloud.")
    boolean aws;

    /**
     * Without a subcommand the desktop window opens (on the local default). The window's classes are loaded by
     * name, so that the CLI keeps working where JavaFX cannot start.
     */
    @Override
    public Integer call() throws Exception {
        Class<?> launcher = Class.forName("xraygallery.ui.DesktopLauncher");
        return (Integer) launcher.getMethod("launch", boolean.class).invoke(null, aws);
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new XrayGalleryCommand())
                .setExecutionExceptionHandler(XrayGalleryCommand::report)
                .execute(args);
    }

    /** A failed command ends with one clear line on stderr, not a stack trace. */
    private static int report(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        String unwritable = unwritable(e);
        if (unwritable != null) {
            command.getErr().println("error: " + unwritable);
            return 1;
        }
        if (e instanceof GalleryException) {
            command.getErr().println("error: " + e.getMessage());
            return 1;
        }
        LoggerFactory.getLogger(XrayGalleryCommand.class).debug("command failed", e);
        command.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        return 1;
    }

    /** For a folder the app cannot write (read-only, not ours): which one, and where the app's folders come from. */
    static String unwritable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException fs && (fs instanceof AccessDeniedException
                    || String.valueOf(fs.getReason()).contains("Read-only"))) {
                return "cannot write " + fs.getFile() + " (" + (fs.getReason() != null ? fs.getReason() : "access denied")
                        + "). X-Ray Gallery keeps its data in " + AppDirectories.dataHome() + " ($XDG_DATA_HOME) and"
                        + " its settings in $XDG_CONFIG_HOME: make them writable, or point the variables elsewhere";
            }
        }
        return null;
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = XrayGalleryCommand.class.getPackage().getImplementationVersion();
            return new String[] {"xray-gallery " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version")};
        }
    }
}
