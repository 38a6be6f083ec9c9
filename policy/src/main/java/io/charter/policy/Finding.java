package io.charter.policy;

import static java.util.Objects.requireNonNull;

/**
 * One validation result about a policy document.
 *
 * @param severity error (the document is refused) or warning (accepted, but probably wrong)
 * @param code a stable machine-readable code, e.g. {@code SYNTAX}, {@code MISSING_ACTION}
 * @param message one line; for errors AWS's {@code MalformedPolicyDocument} wording where known
 *     (what the server returns to AWS clients)
 * @param detail one line saying precisely what is wrong, user input quoted (for consoles and
 *     logs: AWS's own wording is often just {@code Syntax errors in policy.})
 * @param path a JSON pointer-like location such as {@code /Statement/0/Condition/StringEquals}
 * @param span the position of that location in the original text
 */
public record Finding(Severity severity, String code, String message, String detail, String path, SourceSpan span) {
    /** Whether the finding refuses the document. */
    public enum Severity {
        ERROR,
        WARNING
    }

    public Finding {
        requireNonNull(severity, "severity is null");
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(path, "path is null");
        requireNonNull(span, "span is null");
    }

    @Override
    public String toString() {
        return severity + " " + code + " at " + (path.isEmpty() ? "/" : path) + " (" + span + "): " + message + (detail.equals(message) ? "" : " (" + detail + ")");
    }
}
