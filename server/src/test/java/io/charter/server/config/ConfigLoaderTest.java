package io.charter.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaults() {
        CharterConfig config = new ConfigLoader(Map.of()).load(Map.of(), Optional.empty());
        assertEquals("127.0.0.1", config.host());
        assertEquals(8600, config.port());
        assertEquals(Path.of("./data"), config.dataDir());
        assertEquals("123456789012", config.accountId());
        assertEquals(1048576, config.maxBodyBytes());
        assertEquals(Duration.ofSeconds(10), config.shutdownGrace());
        assertEquals(Duration.ofDays(30), config.tokenKeyRotation());
        assertEquals(new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 1000),
                config.httpLimits());
    }

    @Test
    void httpLimitsFromEverySource() throws IOException {
        Path file = Files.writeString(dir.resolve("http.properties"), "idle-timeout-seconds=5\n");
        CharterConfig config = new ConfigLoader(Map.of("CHARTER_BODY_TIMEOUT_SECONDS", "7"))
                .load(Map.of(Setting.HEADER_TIMEOUT_SECONDS, "2", Setting.MAX_CONNECTIONS, "3"), Optional.of(file));
        assertEquals(new HttpLimits(Duration.ofSeconds(2), Duration.ofSeconds(7), Duration.ofSeconds(5), 3),
                config.httpLimits());
        ConfigException zero = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(Map.of(Setting.MAX_CONNECTIONS, "0"), Optional.empty()));
        assertEquals("Invalid value '0' for setting max-connections (--max-connections, CHARTER_MAX_CONNECTIONS):"
                + " expected a whole number from 1 to 1000000.", zero.getMessage());
    }

    @Test
    void flagBeatsEnvironmentBeatsFile() throws IOException {
        Path file = Files.writeString(dir.resolve("charter.properties"), "port=7001\naccount-id=111111111111\nhost=0.0.0.0\n");
        Map<String, String> env = Map.of("CHARTER_PORT", "7002", "CHARTER_ACCOUNT_ID", "222222222222");
        CharterConfig config = new ConfigLoader(env).load(Map.of(Setting.PORT, "7003"), Optional.of(file));
        assertEquals(7003, config.port());
        assertEquals("222222222222", config.accountId());
        assertEquals("0.0.0.0", config.host());
    }

    @Test
    void fileFromEnvironmentVariable() throws IOException {
        Path file = Files.writeString(dir.resolve("c.properties"), "data-dir=/srv/charter\n");
        CharterConfig config = new ConfigLoader(Map.of("CHARTER_CONFIG", file.toString())).load(Map.of(), Optional.empty());
        assertEquals(Path.of("/srv/charter"), config.dataDir());
    }

    @Test
    void invalidValuesStopTheStartWithOneSentenceNamingTheSetting() {
        ConfigLoader loader = new ConfigLoader(Map.of("CHARTER_ACCOUNT_ID", "12345"));
        ConfigException account = assertThrows(ConfigException.class, () -> loader.load(Map.of(), Optional.empty()));
        assertEquals("Invalid value '12345' for setting account-id (--account-id, CHARTER_ACCOUNT_ID): expected exactly 12 digits.",
                account.getMessage());

        ConfigException port = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(Map.of(Setting.PORT, "http"), Optional.empty()));
        assertEquals("Invalid value 'http' for setting port (--port, CHARTER_PORT): expected a whole number from 0 to 65535.",
                port.getMessage());

        ConfigException big = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(Map.of(Setting.PORT, "70000"), Optional.empty()));
        assertEquals("Invalid value '70000' for setting port (--port, CHARTER_PORT): expected a whole number from 0 to 65535.",
                big.getMessage());
    }

    @Test
    void everySettingIsConvertedAndCheckedFromEverySource() throws IOException {
        Path file = Files.writeString(dir.resolve("all.properties"), "max-body-bytes = 2048 \ntoken-key-rotation-days=7\n");
        CharterConfig config = new ConfigLoader(Map.of("CHARTER_HOST", "::1", "CHARTER_SHUTDOWN_GRACE_SECONDS", "0"))
                .load(Map.of(Setting.DATA_DIR, "/srv/c", Setting.PORT, " 0 "), Optional.of(file));
        assertEquals(new CharterConfig("::1", 0, Path.of("/srv/c"), "123456789012", 2048, Duration.ZERO, Duration.ofDays(7)),
                config);

        Map<Setting<?>, String> invalid = new LinkedHashMap<>();
        invalid.put(Setting.HOST, "a b");
        invalid.put(Setting.DATA_DIR, "");
        invalid.put(Setting.MAX_BODY_BYTES, "1023");
        invalid.put(Setting.SHUTDOWN_GRACE_SECONDS, "-1");
        invalid.put(Setting.TOKEN_KEY_ROTATION_DAYS, "0");
        List<String> messages = new ArrayList<>();
        for (Map.Entry<Setting<?>, String> value : invalid.entrySet()) {
            messages.add(assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of())
                    .load(Map.of(value.getKey(), value.getValue()), Optional.empty())).getMessage());
        }
        assertEquals(List.of(
                "Invalid value 'a b' for setting host (--host, CHARTER_HOST): expected a host name or IP address.",
                "Invalid value '' for setting data-dir (--data-dir, CHARTER_DATA_DIR): expected a directory path.",
                "Invalid value '1023' for setting max-body-bytes (--max-body-bytes, CHARTER_MAX_BODY_BYTES):"
                        + " expected a whole number from 1024 to 67108864.",
                "Invalid value '-1' for setting shutdown-grace-seconds (--shutdown-grace-seconds,"
                        + " CHARTER_SHUTDOWN_GRACE_SECONDS): expected a whole number from 0 to 3600.",
                "Invalid value '0' for setting token-key-rotation-days (--token-key-rotation-days,"
                        + " CHARTER_TOKEN_KEY_ROTATION_DAYS): expected a whole number from 1 to 3650."), messages);
    }

    @Test
    void theFirstInvalidSettingOfTheTableIsReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of("CHARTER_PORT", "x"))
                .load(Map.of(Setting.TOKEN_KEY_ROTATION_DAYS, "0", Setting.HOST, ""), Optional.empty()));
        assertEquals("Invalid value '' for setting host (--host, CHARTER_HOST): expected a host name or IP address.",
                e.getMessage());
    }

    @Test
    void aMissingFileIsReportedWithTheFlagAndVariableThatNameIt() {
        Path absent = dir.resolve("absent.properties");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("CHARTER_CONFIG", absent.toString())).load(Map.of(), Optional.empty()));
        assertEquals("The configuration file '" + absent + "' (--config, CHARTER_CONFIG) does not exist or is not a"
                + " regular file.", e.getMessage());
    }

    @Test
    void unknownFileKeyAndMissingFileAreRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.properties"), "prot=1\n");
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(Map.of(), Optional.of(file)));
        assertEquals("The configuration file names an unknown setting 'prot'.", unknown.getMessage());
        assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(Map.of(), Optional.of(dir.resolve("absent.properties"))));
    }

    @Test
    void everySettingConstantIsInTheTable() throws IllegalAccessException {
        List<Setting<?>> constants = new ArrayList<>();
        for (Field field : Setting.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
                constants.add((Setting<?>) field.get(null));
            }
        }
        assertEquals(Set.copyOf(constants), Set.copyOf(Setting.all()),
                "a setting declared but left out of the table would be neither parsed nor documented");
        assertEquals(constants.size(), Setting.all().size());
    }
}
