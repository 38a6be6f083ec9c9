package io.charter.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs a {@code charter} command in this process, as the {@code ./charter} script would: its exit code and output. */
public final class CharterCli {
    private CharterCli() {
    }

    /** The command's exit code, standard output and standard error. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
