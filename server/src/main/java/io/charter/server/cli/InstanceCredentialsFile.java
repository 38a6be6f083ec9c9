package io.charter.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The file holding a registered instance's own credential, as {@code charter instances register}
 * writes it (owner-only) and {@code charter metadata} reads it:
 * <pre>
 * # Charter instance credential (charter instances register); keep it secret
 * [instance]
 * instance_id = i-0123456789abcdef0
 * access_key_id = ACCA…
 * secret_access_key = …
 * </pre>
 *
 * @param instanceId the instance's id
 * @param accessKeyId the credential's key id ({@code ACCA…})
 * @param secretAccessKey the credential's secret
 */
public record InstanceCredentialsFile(String instanceId, String accessKeyId, String secretAccessKey) {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @Override
    public String toString() {
        return "InstanceCredentialsFile[" + instanceId + ", " + accessKeyId + "]";
    }

    /** The file's text. */
    static String text(String instanceId, String accessKeyId, String secretAccessKey) {
        return "# Charter instance credential (charter instances register); keep it secret\n"
                + "[instance]\n"
                + "instance_id = " + instanceId + "\n"
                + "access_key_id = " + accessKeyId + "\n"
                + "secret_access_key = " + secretAccessKey + "\n";
    }

    /**
     * Reads the file, refusing one that group or others may read or write, or that lacks a value.
     *
     * @throws IOException with a message that names the file and never its secret
     */
    public static InstanceCredentialsFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no instance credential file at " + file);
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new IOException(file + " is open to group or others; it holds a secret: chmod 600 " + file);
        }
        Map<String, String> values = new HashMap<>();
        boolean inInstance = false;
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                inInstance = trimmed.equals("[instance]");
            } else if (inInstance && trimmed.contains("=")) {
                int equals = trimmed.indexOf('=');
                values.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
            }
        }
        String instanceId = values.get("instance_id");
        String keyId = values.get("access_key_id");
        String secret = values.get("secret_access_key");
        if (instanceId == null || keyId == null || secret == null || !instanceId.matches("i-[0-9a-f]{17}")
                || !keyId.startsWith("ACCA")) {
            throw new IOException(file + " is not an instance credential file (charter instances register writes"
                    + " one): it needs instance_id, access_key_id and secret_access_key under [instance]");
        }
        return new InstanceCredentialsFile(instanceId, keyId, secret);
    }
}
