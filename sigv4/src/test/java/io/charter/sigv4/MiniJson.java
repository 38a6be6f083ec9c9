package io.charter.sigv4;

import java.util.Optional;

/** Just enough JSON for the vectors' flat {@code context.json}: looks a key up anywhere in the text. Test code only. */
final class MiniJson {

    private MiniJson() {
    }

    static Optional<String> string(String json, String key) {
        return valueStart(json, key).filter(i -> json.charAt(i) == '"').map(i -> {
            StringBuilder out = new StringBuilder();
            for (int j = i + 1; json.charAt(j) != '"'; j++) {
                char c = json.charAt(j);
                if (c == '\\') {
                    c = json.charAt(++j);
                }
                out.append(c);
            }
            return out.toString();
        });
    }

    static Optional<Boolean> bool(String json, String key) {
        return valueStart(json, key).map(i -> json.startsWith("true", i));
    }

    static Optional<Long> number(String json, String key) {
        return valueStart(json, key).map(i -> {
            int end = i;
            while (end < json.length() && Character.isDigit(json.charAt(end))) {
                end++;
            }
            return Long.parseLong(json.substring(i, end));
        });
    }

    private static Optional<Integer> valueStart(String json, String key) {
        int at = json.indexOf('"' + key + '"');
        if (at < 0) {
            return Optional.empty();
        }
        int i = json.indexOf(':', at) + 1;
        while (Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return Optional.of(i);
    }
}
