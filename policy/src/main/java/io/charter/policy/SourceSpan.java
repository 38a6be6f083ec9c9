package io.charter.policy;

/**
 * Where an element sits in the original policy text. Lines and columns are 1-based; the end
 * position is inclusive (the line and column of the element's last character). Offsets are
 * UTF-16 char offsets, {@code endOffset} exclusive, so {@code text.substring(startOffset,
 * endOffset)} is the element's text.
 */
public record SourceSpan(int startLine, int startColumn, int endLine, int endColumn, int startOffset, int endOffset) {
    /** A span for findings about the whole document when nothing more precise is known. */
    public static final SourceSpan DOCUMENT = new SourceSpan(1, 1, 1, 1, 0, 0);

    public SourceSpan {
        if (startLine < 1 || startColumn < 1 || endLine < startLine || startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException("invalid span " + startLine + ":" + startColumn + "-" + endLine + ":"
                    + endColumn + " [" + startOffset + "," + endOffset + ")");
        }
    }

    @Override
    public String toString() {
        return startLine + ":" + startColumn + "-" + endLine + ":" + endColumn;
    }
}
