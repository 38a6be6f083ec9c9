package io.charter.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the aws-c-auth suite's {@code request.txt} / {@code *-signed-request.txt}
 * format: {@code METHOD target HTTP/1.1}, {@code Name:value} lines (a line starting with
 * whitespace continues the previous value), an empty line, the body. Test code only.
 */
final class HttpMessage {

    private HttpMessage() {
    }

    static SignableRequest parse(String text) {
        int lineEnd = text.indexOf('\n');
        String requestLine = lineEnd < 0 ? text : text.substring(0, lineEnd);
        int space = requestLine.indexOf(' ');
        int version = requestLine.lastIndexOf(" HTTP/");
        if (space < 0 || version <= space) {
            throw new IllegalArgumentException("not a request line: " + requestLine);
        }
        String method = requestLine.substring(0, space);
        String target = requestLine.substring(space + 1, version);
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);

        List<String[]> headers = new ArrayList<>();
        String body = "";
        int at = lineEnd < 0 ? text.length() : lineEnd + 1;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            String line = end < 0 ? text.substring(at) : text.substring(at, end);
            int next = end < 0 ? text.length() : end + 1;
            if (line.isEmpty()) {
                body = text.substring(next);
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                String[] previous = headers.get(headers.size() - 1);
                previous[1] = previous[1] + "\n" + line;
            } else {
                int colon = line.indexOf(':');
                headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1)});
            }
            at = next;
        }
        List<Header> list = new ArrayList<>();
        for (String[] header : headers) {
            list.add(new Header(header[0], header[1]));
        }
        return new SignableRequest(method, path, query, list, Payload.ofUtf8(body));
    }

    static String format(SignableRequest request) {
        StringBuilder out = new StringBuilder();
        out.append(request.method()).append(' ').append(request.rawPath());
        if (!request.rawQuery().isEmpty()) {
            out.append('?').append(request.rawQuery());
        }
        out.append(" HTTP/1.1\n");
        for (Header header : request.headers()) {
            out.append(header.name()).append(':').append(header.value()).append('\n');
        }
        out.append('\n');
        out.append(new String(request.payload().bytes(), StandardCharsets.UTF_8));
        return out.toString();
    }
}
