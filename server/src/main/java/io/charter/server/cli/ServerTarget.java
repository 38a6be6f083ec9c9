package io.charter.server.cli;

import io.charter.server.config.CharterConfig;
import io.charter.server.config.ConfigLoader;
import io.charter.server.config.Setting;
import io.charter.sigv4.Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a running server is, and whose credentials to call it with: the caller's own
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}) when set,
 * else the root credentials saved at first start; the address from the same settings as
 * {@code serve}.
 */
class ServerTarget {
    @Option(names = "--host", paramLabel = "ADDRESS", description = "Server address (default 127.0.0.1; CHARTER_HOST).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Server port (default 8600; CHARTER_PORT).")
    String port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory holding the credentials file (default ./data).")
    String dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "Optional configuration file (CHARTER_CONFIG).")
    Path configFile;

    CharterClient client() throws IOException {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        if (host != null) {
            flags.put(Setting.HOST, host);
        }
        if (port != null) {
            flags.put(Setting.PORT, port);
        }
        if (dataDir != null) {
            flags.put(Setting.DATA_DIR, dataDir);
        }
        CharterConfig config = new ConfigLoader(System.getenv()).load(flags, Optional.ofNullable(configFile));
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
