/**
 * The AWS Query protocol codec: form parameters in, XML out, driven by AWS's own service models
 * (the trimmed botocore models in {@code models/}).
 *
 * <p>Entry points for the HTTP layer: {@link io.charter.server.protocol.QueryParameters} (parse
 * the form body or query string), {@link io.charter.server.protocol.QueryCodec} (decode and
 * validate into a {@link io.charter.server.protocol.DecodedRequest}; encode results and errors)
 * and {@link io.charter.server.protocol.ServiceException} /
 * {@link io.charter.server.protocol.AwsErrorCode} (the one mapping from error code to HTTP
 * status). Handlers read and build {@link io.charter.server.protocol.StructValue}s.
 */
package io.charter.server.protocol;
