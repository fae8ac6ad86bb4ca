package xraygallery.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** Options every gallery command shares, and how a password is read. */
public final class GalleryOptions {

    @Option(names = "--aws", description = "Use AWS (default credential and region chains) instead of the local cloud.")
    boolean aws;

    /**
     * The password: {@code XRAY_GALLERY_PASSWORD} if set, else asked on the console without echo,
     * else the first line of standard input.
     */
    static char[] readPassword(String prompt) throws IOException {
        String fromEnv = System.getenv("XRAY_GALLERY_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Console console = System.console();
        if (console != null) {
            char[] password = console.readPassword("%s", prompt);
            return password == null ? new char[0] : password;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
