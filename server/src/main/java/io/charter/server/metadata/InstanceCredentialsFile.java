package io.charter.server.metadata;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The instance credential that {@code charter instances register} wrote: the instance id and the
 * {@code ACCA…} key the agent signs its calls with. The agent keeps no other secret on disk.
 *
 * <pre>
 * # Charter instance credential (charter instances register); keep it secret
 * [instance]
 * instance_id = i-0123456789abcdef0
 * access_key_id = ACCA...
 * secret_access_key = ...
 * </pre>
 *
 * {@link #toString()} never shows the secret.
 */
public record InstanceCredentialsFile(String instanceId, String accessKeyId, String secretAccessKey) {
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{17}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("ACCA[A-Z2-7]{16}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9/+=]{40}");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    public InstanceCredentialsFile {
        requireNonNull(instanceId, "instanceId is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
    }

    /** The file's text, as {@code charter instances register} writes it (owner-only). */
    public static String text(String instanceId, String accessKeyId, String secretAccessKey) {
        return "# Charter instance credential (charter instances register); keep it secret\n"
                + "[instance]\n"
                + "instance_id = " + instanceId + "\n"
                + "access_key_id = " + accessKeyId + "\n"
                + "secret_access_key = " + secretAccessKey + "\n";
    }

    /**
     * Reads {@code file}; refuses one that its group or others may read or write (as ssh refuses a
     * private key), and one that is not in the format above, each with a sentence saying what to fix.
     */
    public static InstanceCredentialsFile read(Path file) throws InvalidCredentialsFileException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidCredentialsFileException("the instance credential file " + file + " does not exist");
        }
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                permissions.retainAll(OTHERS);
                if (!permissions.isEmpty()) {
                    throw new InvalidCredentialsFileException("the instance credential file " + file
                            + " is accessible to its group or to others; make it owner-only (chmod 600 " + file + ")");
                }
            }
            return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (InvalidCredentialsFileException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidCredentialsFileException("cannot read the instance credential file " + file + ": "
                    + e.getMessage());
        }
    }

    static InstanceCredentialsFile parse(Path file, List<String> lines) throws InvalidCredentialsFileException {
        Map<String, String> values = new HashMap<>();
        boolean inInstance = false;
        int number = 0;
        for (String line : lines) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                inInstance = trimmed.equals("[instance]");
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals < 1) {
                throw malformed(file, "line " + number + " is neither a [section] nor a key = value");
            }
            if (inInstance) {
                String key = trimmed.substring(0, equals).strip();
                if (values.putIfAbsent(key, trimmed.substring(equals + 1).strip()) != null) {
                    throw malformed(file, key + " is given twice");
                }
            }
        }
        String instanceId = required(file, values, "instance_id", INSTANCE_ID, "i- and 17 hexadecimal digits");
        String accessKeyId = required(file, values, "access_key_id", ACCESS_KEY_ID, "ACCA and 16 base32 characters");
        String secret = required(file, values, "secret_access_key", SECRET, "40 characters");
        return new InstanceCredentialsFile(instanceId, accessKeyId, secret);
    }

    private static String required(Path file, Map<String, String> values, String key, Pattern pattern,
            String shape) throws InvalidCredentialsFileException {
        String value = values.get(key);
        if (value == null) {
            throw malformed(file, "its [instance] section has no " + key);
        }
        if (!pattern.matcher(value).matches()) {
            // The value itself is not quoted: it may be the secret.
            throw malformed(file, key + " is not " + shape);
        }
        return value;
    }

    private static InvalidCredentialsFileException malformed(Path file, String why) {
        return new InvalidCredentialsFileException("the instance credential file " + file + " is not one that "
                + "charter instances register writes: " + why);
    }

    @Override
    public String toString() {
        return "InstanceCredentialsFile[instanceId=" + instanceId + ", accessKeyId=" + accessKeyId + "]";
    }

    /** The file cannot be used; the message says why, without its secret. */
    public static final class InvalidCredentialsFileException extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidCredentialsFileException(String message) {
            super(message);
        }
    }
}
