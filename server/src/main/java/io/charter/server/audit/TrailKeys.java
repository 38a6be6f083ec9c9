package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import io.charter.server.store.Database;
import io.charter.server.store.TrailRepository;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The RSA key pairs that sign digest files: made on first use (2048 bits), kept in the audit
 * trail's store with the private key sealed ({@link KeySealer}, the master key), the newest signing.
 * The public keys are what ListPublicKeys answers. Thread-safe.
 */
public final class TrailKeys {
    private static final String SEAL_CONTEXT = "charter:trail-digest-key:";
    private static final int BITS = 2048;

    private final Database database;
    private final KeySealer sealer;
    private final TrailRepository repository = new TrailRepository();
    private volatile SigningKey current;

    public TrailKeys(Database database, KeySealer sealer) {
        this.database = requireNonNull(database, "database is null");
        this.sealer = requireNonNull(sealer, "sealer is null");
    }

    /** A public key: its fingerprint (hex MD5 of its X.509 encoding, as CloudTrail's), encoding and first use. */
    public record PublicKeyInfo(String fingerprint, byte[] encoded, Instant validFrom) {
        public PublicKeyInfo {
            requireNonNull(fingerprint, "fingerprint is null");
            encoded = encoded.clone();
            requireNonNull(validFrom, "validFrom is null");
        }

        @Override
        public byte[] encoded() {
            return encoded.clone();
        }

        public PublicKey publicKey() {
            return TrailKeys.publicKey(encoded);
        }
    }

    /** The private key that signs, with its public key's fingerprint. */
    record SigningKey(String fingerprint, PrivateKey key) {
        String sign(String text) {
            return DigestChain.sign(key, text);
        }
    }

    /** Every key pair's public half, oldest first (the first made now when there is none). */
    public List<PublicKeyInfo> publicKeys(Instant now) {
        signingKey(now);
        return database.inReadTransaction(repository::keys).stream()
                .map(k -> new PublicKeyInfo(k.fingerprint(), Base64.getDecoder().decode(k.publicKey()),
                        Instant.ofEpochMilli(k.created())))
                .toList();
    }

    /** The newest key pair's private half, made when there is none. */
    SigningKey signingKey(Instant now) {
        SigningKey ready = current;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (current == null) {
                List<TrailRepository.KeyRow> keys = database.inReadTransaction(repository::keys);
                TrailRepository.KeyRow row = keys.isEmpty() ? create(now) : keys.getLast();
                byte[] der = Base64.getDecoder().decode(sealer.open(row.sealedPrivateKey(),
                        SEAL_CONTEXT + row.fingerprint()));
                try {
                    current = new SigningKey(row.fingerprint(),
                            KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("a stored digest-signing key does not open", e);
                }
            }
            return current;
        }
    }

    private TrailRepository.KeyRow create(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(BITS);
            KeyPair pair = generator.generateKeyPair();
            byte[] publicDer = pair.getPublic().getEncoded();
            String fingerprint = fingerprint(publicDer);
            TrailRepository.KeyRow row = new TrailRepository.KeyRow(fingerprint, now.toEpochMilli(),
                    Base64.getEncoder().encodeToString(publicDer),
                    sealer.seal(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                            SEAL_CONTEXT + fingerprint));
            database.inTransaction(c -> {
                repository.insertKey(c, row);
                return null;
            });
            return row;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a digest-signing key", e);
        }
    }

    /** CloudTrail's fingerprint of a public key: the hex MD5 of its X.509 encoding. */
    public static String fingerprint(byte[] publicDer) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(publicDer));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RSA public key of an X.509 encoding. */
    public static PublicKey publicKey(byte[] der) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key", e);
        }
    }
}
