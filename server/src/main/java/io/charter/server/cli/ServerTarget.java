package io.charter.server.cli;

import io.charter.server.config.CharterConfig;
import io.charter.server.config.Setting;
import io.charter.sigv4.Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;

/**
 * Where a running server is, and whose credentials to call it with: the caller's own
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}) when set,
 * else the root credentials saved at first start; the address from the same settings as
 * {@code serve}. A picocli mixin of the commands that call the server; its options are those of
 * {@link Setting#forClients()}, added in {@link Main#commandLine} ({@link SettingOptions}).
 */
@Command
class ServerTarget {
    private final CommandLineSettings settings = new CommandLineSettings();

    /** Where the options given are kept. */
    CommandLineSettings settings() {
        return settings;
    }

    CharterClient client() throws IOException {
        CharterConfig config = settings.load(System.getenv());
        String address = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return new CharterClient(URI.create("http://" + address + ":" + config.port()),
                credentials(config.dataDir().resolve("credentials")), Clock.systemUTC());
    }

    private static Credentials credentials(Path savedRootCredentials) throws IOException {
        String id = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (id != null && secret != null) {
            String token = System.getenv("AWS_SESSION_TOKEN");
            return token == null ? Credentials.of(id, secret) : Credentials.of(id, secret, token);
        }
        return CharterClient.fromCredentialsFile(savedRootCredentials);
    }
}
