package io.charter.server.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories readable by their owner only: the data directory, the store, the master
 * key, written credentials. On a file system without POSIX permissions (Windows) they are created
 * with the platform's defaults.
 */
public final class OwnerOnlyFiles {
    private static final FileAttribute<Set<PosixFilePermission>> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private OwnerOnlyFiles() {
    }

    /** Replaces {@code file} atomically with {@code text}, owner-only. */
    public static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        createFile(tmp);
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Creates {@code file} empty and owner-only unless it already exists. */
    public static void createIfAbsent(Path file) throws IOException {
        try {
            createFile(file);
        } catch (FileAlreadyExistsException e) {
            // someone else's (or an earlier run's) file: left as it is
        }
    }

    /** Creates {@code dir} owner-only, or makes an existing one owner-only. */
    public static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            if (posix(dir)) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            return;
        }
        if (posix(dir.toAbsolutePath().getRoot())) {
            Files.createDirectories(dir, DIRECTORY);
        } else {
            Files.createDirectories(dir);
        }
    }

    private static void createFile(Path file) throws IOException {
        if (posix(file.toAbsolutePath().getRoot())) {
            Files.createFile(file, FILE);
        } else {
            Files.createFile(file);
        }
    }

    private static boolean posix(Path onFileSystem) {
        return onFileSystem.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
