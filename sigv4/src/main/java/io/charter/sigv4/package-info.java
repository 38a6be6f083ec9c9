/**
 * AWS Signature Version 4 for Charter: the documented steps as pure functions
 * ({@link io.charter.sigv4.CanonicalUri}, {@link io.charter.sigv4.CanonicalQueryString},
 * {@link io.charter.sigv4.CanonicalHeaders}, {@link io.charter.sigv4.SignedHeaders},
 * {@link io.charter.sigv4.PayloadHash}, {@link io.charter.sigv4.CanonicalRequest},
 * {@link io.charter.sigv4.StringToSign}, {@link io.charter.sigv4.SigningKey}), a
 * {@link io.charter.sigv4.SigV4Signer}, and verification in two phases:
 * {@link io.charter.sigv4.SignatureParser} (checks 1-10 of AWS's error ordering), then, once the
 * server has resolved the access key and session token, {@link io.charter.sigv4.SignatureVerifier}.
 * S3's request bodies are verified as they stream by {@link io.charter.sigv4.StreamingPayloads}
 * (signed body hash, {@code aws-chunked} with chunk signatures, trailing and header checksums),
 * each stream withholding its last byte until the body verified.
 *
 * <p>JDK only. Every public type is immutable or stateless and safe to share between threads,
 * except that {@link io.charter.sigv4.SigningKeyCache} is a shared concurrent cache and the streams
 * {@link io.charter.sigv4.StreamingPayloads} returns are each for one reader.
 */
package io.charter.sigv4;
