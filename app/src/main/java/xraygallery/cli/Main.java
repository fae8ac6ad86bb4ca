package xraygallery.cli;

/** Plain launcher class (not a JavaFX Application) so that {@code java -jar} works on a class path. */
public final class Main {
    /**
     * The command a launcher of the installed app always runs: {@code xray-gallery-daemon} is
     * {@code -Dxraygallery.command=daemon}, so that it takes the {@code daemon} command's options as they are.
     */
    public static final String COMMAND_PROPERTY = "xraygallery.command";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(XrayGalleryCommand.run(withCommand(System.getProperty(COMMAND_PROPERTY), args)));
    }

    /** {@code args} after {@code command}, or {@code args} alone when there is no such command. */
    static String[] withCommand(String command, String[] args) {
        if (command == null || command.isBlank()) {
            return args;
        }
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
