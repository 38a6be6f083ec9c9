package io.charter.server.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance credential file: read when owner-only and well-formed, refused with a sentence otherwise. */
class InstanceCredentialsFileTest {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String TEXT = "# Charter instance credential (charter instances register); keep it secret\n"
            + "[instance]\ninstance_id = i-0123456789abcdef0\naccess_key_id = ACCAEXAMPLE234567ABC\n"
            + "secret_access_key = " + SECRET + "\n";

    @TempDir
    Path dir;

    private Path write(String text, String permissions) throws Exception {
        Path file = dir.resolve("instance.credentials");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void anOwnerOnlyFileIsRead() throws Exception {
        InstanceCredentialsFile read = InstanceCredentialsFile.read(write(TEXT, "rw-------"));
        assertEquals("i-0123456789abcdef0", read.instanceId());
        assertEquals("ACCAEXAMPLE234567ABC", read.accessKeyId());
        assertEquals(SECRET, read.secretAccessKey());
        assertFalse(read.toString().contains(SECRET));
        assertEquals(read, InstanceCredentialsFile.read(write(TEXT, "r--------")));
    }

    @Test
    void aFileOthersMayReadIsRefused() throws Exception {
        for (String permissions : new String[] {"rw-r--r--", "rw-r-----", "rw-----w-", "rw--w----"}) {
            Path file = write(TEXT, permissions);
            Exception refused = assertThrows(InstanceCredentialsFile.InvalidCredentialsFileException.class,
                    () -> InstanceCredentialsFile.read(file));
            assertEquals("the instance credential file " + file + " is accessible to its group or to others;"
                    + " make it owner-only (chmod 600 " + file + ")", refused.getMessage());
        }
    }

    @Test
    void aMalformedFileIsRefusedWithoutItsSecret() throws Exception {
        String[][] cases = {
            {TEXT.replace("[instance]", "[default]"), "its [instance] section has no instance_id"},
            {TEXT.replace("i-0123456789abcdef0", "i-123"), "instance_id is not i- and 17 hexadecimal digits"},
            {TEXT.replace("ACCAEXAMPLE234567ABC", "AKIAEXAMPLE234567ABC"), "access_key_id is not ACCA and 16 base32"},
            {TEXT.replace(SECRET, SECRET + "x"), "secret_access_key is not 40 characters"},
            {TEXT.replace("secret_access_key = " + SECRET + "\n", ""), "has no secret_access_key"},
            {TEXT + "secret_access_key = " + SECRET + "\n", "secret_access_key is given twice"},
            {TEXT + "what is this\n", "line 6 is neither a [section] nor a key = value"},
        };
        for (String[] c : cases) {
            Path file = write(c[0], "rw-------");
            Exception refused = assertThrows(InstanceCredentialsFile.InvalidCredentialsFileException.class,
                    () -> InstanceCredentialsFile.read(file));
            assertTrue(refused.getMessage().contains(c[1]), refused.getMessage());
            assertTrue(refused.getMessage().startsWith("the instance credential file " + file), refused.getMessage());
            assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
        }
        Exception missing = assertThrows(InstanceCredentialsFile.InvalidCredentialsFileException.class,
                () -> InstanceCredentialsFile.read(dir.resolve("absent")));
        assertEquals("the instance credential file " + dir.resolve("absent") + " does not exist", missing.getMessage());
    }
}
