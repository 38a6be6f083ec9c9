package io.charter.server.cli;

/** Exit codes of the {@code charter} command. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int BAD_CONFIGURATION = 2;

    private ExitCodes() {
    }
}
