package io.charter.sigv4;

/** Where a request carries its SigV4 authentication. */
public enum AuthForm {
    /** The {@code Authorization} header. */
    HEADER,
    /** Query parameters: a presigned URL. */
    QUERY
}
