package io.charter.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table lists exactly the settings of {@link Setting}, in its order, with
 * their flag, environment variable, file key and default, and then {@code --config}: the
 * documentation cannot drift from the code.
 */
class ReadmeConfigurationTest {
    private static final Path README = Path.of("../README.md");
    private static final String HEADER = "| flag | environment | file key | default | meaning |";

    @Test
    void theConfigurationTableListsEverySettingAsDeclared() throws IOException {
        List<List<String>> expected = new ArrayList<>();
        for (Setting<?> setting : Setting.all()) {
            expected.add(List.of(setting.flag(), setting.environmentVariable(), setting.key(), setting.defaultValue()));
        }
        expected.add(List.of(ConfigLoader.CONFIG_FILE_FLAG, ConfigLoader.CONFIG_FILE_VARIABLE, "", "none"));
        assertEquals(expected, documentedSettings());
    }

    /** Flag, environment variable, file key and default of each row of the table, backquotes removed. */
    private static List<List<String>> documentedSettings() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int section = lines.indexOf("## Configuration");
        assertTrue(section >= 0, "README.md has no section \"## Configuration\"");
        int header = lines.subList(section, lines.size()).indexOf(HEADER);
        assertTrue(header >= 0, "the section \"## Configuration\" has no table " + HEADER);
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(section + header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            List<String> cells = Arrays.stream(line.substring(1).split("\\|", -1))
                    .map(cell -> cell.strip().replace("`", ""))
                    .toList();
            rows.add(cells.subList(0, 4));
        }
        return rows;
    }
}
