package io.charter.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The syntax stage: JSON text to a small tree in which every node knows its span, read with
 * Jackson's streaming parser. Duplicate object keys are a syntax error (an ambiguous policy is
 * refused rather than read one way). Thread-safe: the factory is immutable once built.
 */
final class JsonTree {
    /** Policies nest about five deep; anything deeper than this is hostile. */
    static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 1)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(100)
                    .build())
            .build();

    private JsonTree() {}

    sealed interface Node permits Obj, Arr, Str, Scalar {
        SourceSpan span();
    }

    record Member(String key, SourceSpan keySpan, Node value) {}

    record Obj(List<Member> members, SourceSpan span) implements Node {
        Member get(String key) {
            for (Member m : members) {
                if (m.key.equals(key)) {
                    return m;
                }
            }
            return null;
        }
    }

    record Arr(List<Node> items, SourceSpan span) implements Node {}

    record Str(String value, SourceSpan span) implements Node {}

    /** A number, boolean or null; {@code text} is the literal as written. */
    record Scalar(String text, JsonToken token, SourceSpan span) implements Node {}

    /** Thrown inside this class only; turned into one SYNTAX finding by the caller. */
    static final class SyntaxError extends Exception {
        final SourceSpan span;

        SyntaxError(String message, SourceSpan span) {
            super(message, null, false, false);
            this.span = span;
        }
    }

    static Node parse(String text) throws SyntaxError {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new SyntaxError("empty document", SourceSpan.DOCUMENT);
            }
            Node root = read(p, t, 0);
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new SyntaxError("content after the document", start(p));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            SourceSpan span = at == null || at.getLineNr() < 1 ? SourceSpan.DOCUMENT
                    : span(at, at);
            String why = String.valueOf(e.getOriginalMessage());
            int nl = why.indexOf('\n');
            throw new SyntaxError("not valid JSON: " + (nl < 0 ? why : why.substring(0, nl)), span);
        } catch (IOException | RuntimeException e) {
            // JsonProcessingException (malformed input, constraint violations) and anything the
            // parser might throw on hostile input: all mean "not a JSON document we accept".
            throw new SyntaxError("not valid JSON", SourceSpan.DOCUMENT);
        }
    }

    private static Node read(JsonParser p, JsonToken t, int depth) throws IOException, SyntaxError {
        if (depth > MAX_DEPTH) {
            throw new SyntaxError("nested too deeply", start(p));
        }
        JsonLocation begin = p.currentTokenLocation();
        switch (t) {
            case START_OBJECT -> {
                List<Member> members = new ArrayList<>();
                Set<String> keys = new HashSet<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    SourceSpan keySpan = span(p.currentTokenLocation(), p.currentLocation());
                    if (!keys.add(key)) {
                        throw new SyntaxError("duplicate key '" + key + "'", keySpan);
                    }
                    Node value = read(p, p.nextToken(), depth + 1);
                    members.add(new Member(key, keySpan, value));
                }
                return new Obj(List.copyOf(members), span(begin, p.currentLocation()));
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, i, depth + 1));
                }
                return new Arr(List.copyOf(items), span(begin, p.currentLocation()));
            }
            case VALUE_STRING -> {
                return new Str(p.getText(), span(begin, p.currentLocation()));
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                return new Scalar(p.getText(), t, span(begin, p.currentLocation()));
            }
            default -> throw new SyntaxError("unexpected token", start(p));
        }
    }

    private static SourceSpan start(JsonParser p) {
        return span(p.currentTokenLocation(), p.currentTokenLocation());
    }

    /** From a token's start to the location just after its end (made inclusive here). */
    private static SourceSpan span(JsonLocation from, JsonLocation after) {
        int line = Math.max(1, from.getLineNr());
        int col = Math.max(1, from.getColumnNr());
        int endLine = Math.max(line, after.getLineNr());
        int endCol = Math.max(1, after.getColumnNr() - 1);
        int startOffset = (int) Math.max(0, from.getCharOffset());
        int endOffset = (int) Math.max(startOffset, after.getCharOffset());
        return new SourceSpan(line, col, endLine, endCol, startOffset, endOffset);
    }
}
