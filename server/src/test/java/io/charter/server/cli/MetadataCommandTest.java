package io.charter.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.metadata.ContainerTokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code charter metadata}'s refusals before it serves, and {@code charter metadata container-token}. */
class MetadataCommandTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String FILE = "# Charter instance credential (charter instances register); keep it secret\n"
            + "[instance]\ninstance_id = i-0123456789abcdef0\naccess_key_id = ACCAEXAMPLE234567ABC\n"
            + "secret_access_key = " + SECRET + "\n";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path credentials(String permissions) throws Exception {
        Path file = dir.resolve("instance.credentials");
        Files.writeString(file, FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void containerTokenPrintsTheTokenTheAgentChecks() throws Exception {
        Run run = run("metadata", "container-token", "web", "--instance-credentials", credentials("rw-------").toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(ContainerTokens.token(SECRET, "web") + System.lineSeparator(), run.out());

        Run badName = run("metadata", "container-token", "w", "--instance-credentials", credentials("rw-------")
                .toString());
        assertEquals(ExitCodes.BAD_CONFIGURATION, badName.code());
        assertTrue(badName.err().contains("container name 'w' is not 2 to 64"), badName.err());
    }

    @Test
    void theAgentRefusesAFileOthersMayReadAndAServerItCannotReach() throws Exception {
        Path open = credentials("rw-r--r--");
        Run refused = run("metadata", "--instance-credentials", open.toString(), "--endpoint", "http://127.0.0.1:1",
                "--listen", "127.0.0.1:0");
        assertEquals(ExitCodes.BAD_CONFIGURATION, refused.code());
        assertEquals("charter metadata: the instance credential file " + open + " is accessible to its group or to"
                + " others; make it owner-only (chmod 600 " + open + ")" + System.lineSeparator(), refused.err());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run unreachable = run("metadata", "--instance-credentials", credentials("rw-------").toString(),
                "--endpoint", "http://127.0.0.1:" + closedPort, "--listen", "127.0.0.1:0");
        assertEquals(ExitCodes.FAILURE, unreachable.code());
        assertTrue(unreachable.err().startsWith("charter metadata: cannot reach Charter at http://127.0.0.1:"
                + closedPort), unreachable.err());
        assertFalse(unreachable.err().contains(SECRET));

        Run badContainer = run("metadata", "--instance-credentials", credentials("rw-------").toString(),
                "--endpoint", "http://127.0.0.1:1", "--container", "web=arn:aws:s3:::bucket");
        assertEquals(ExitCodes.BAD_CONFIGURATION, badContainer.code());
        assertTrue(run("metadata").err().contains("--instance-credentials FILE and --endpoint URL are required"));
        assertTrue(badContainer.err().contains("'arn:aws:s3:::bucket' is not a role ARN"), badContainer.err());
    }
}
