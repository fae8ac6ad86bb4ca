package xraygallery.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.User;

/** {@code xray-gallery users add NAME}: creates an account (password from stdin or the console). */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage gallery accounts.",
        subcommands = {UsersCommand.Add.class})
public final class UsersCommand implements Runnable {

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "Say what to do: users add NAME");
    }

    /** {@code users add NAME}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create an account. The password comes from XRAY_GALLERY_PASSWORD, the console, or stdin.")
    static final class Add implements Callable<Integer> {
        @Mixin
        GalleryOptions options;

        @Parameters(index = "0", paramLabel = "NAME", description = "3 to 64 letters, digits, '.', '_' or '-'.")
        String name;

        @Override
        public Integer call() throws Exception {
            char[] password = GalleryOptions.readPassword("Password for " + name + ": ");
            try (GalleryRuntime runtime = Commands.openRuntime(options)) {
                Commands.awaitDatabase(runtime);
                User user = runtime.services().accounts().signUp(name, password);
                System.out.println("created user " + user.name() + " (id " + user.id() + ")");
                return 0;
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }
}
