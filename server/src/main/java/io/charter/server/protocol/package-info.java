/**
 * The AWS protocol codecs, driven by AWS's own service models (the trimmed botocore models in
 * {@code models/}): the AWS Query protocol (form parameters in, XML out) for STS and IAM, and
 * the AWS JSON 1.1 protocol (JSON in and out) for Organizations.
 *
 * <p>Entry points for the HTTP layer: {@link io.charter.server.protocol.FormParameters} (parse
 * the form body or query string) and {@link io.charter.server.protocol.QueryCodec}, or
 * {@link io.charter.server.protocol.JsonCodec} (decode and validate into a
 * {@link io.charter.server.protocol.DecodedRequest}; encode results and errors), and
 * {@link io.charter.server.error.ServiceException} /
 * {@link io.charter.server.error.AwsErrorCode} (the one mapping from error code to HTTP
 * status). Handlers read and build {@link io.charter.server.protocol.StructValue}s whichever the
 * protocol.
 */
package io.charter.server.protocol;
