package io.charter.server.http;

import io.helidon.http.Status;

/** HTTP statuses with their reason phrases, including the two the HTTP library does not name. */
final class HttpStatuses {
    private HttpStatuses() {
    }

    static Status of(int code) {
        return switch (code) {
            case 405 -> Status.create(405, "Method Not Allowed");
            case 413 -> Status.create(413, "Content Too Large");
            case 431 -> Status.create(431, "Request Header Fields Too Large");
            default -> Status.create(code);
        };
    }
}
