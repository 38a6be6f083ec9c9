package io.charter.server.cli;

import io.charter.server.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** The {@code charter} command run in-process against a test server, as a user would run it beside that node. */
final class InProcessCli {
    private InProcessCli() {
    }

    /**
     * Runs {@code charter ARGS --port P --data-dir D} for {@code node} (its port, its data directory,
     * so its saved root credentials); returns the exit code, the output and the errors.
     */
    static String[] run(TestServer node, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--port", String.valueOf(node.server().port()), "--data-dir",
                node.dataDir().toString()}, 0, all, args.length, 4);
        int code = commandLine.execute(all);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }
}
