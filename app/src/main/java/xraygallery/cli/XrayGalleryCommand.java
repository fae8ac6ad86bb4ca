package xraygallery.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code xray-gallery} command. */
@Command(name = "xray-gallery", mixinStandardHelpOptions = true,
        versionProvider = XrayGalleryCommand.Version.class,
        description = "A desktop photo gallery whose every user action is traced with AWS X-Ray.",
        subcommands = {LocalCloudCommand.class})
public final class XrayGalleryCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new XrayGalleryCommand()).execute(args);
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
