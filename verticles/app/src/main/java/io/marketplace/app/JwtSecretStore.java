package io.marketplace.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Without JWT_SECRET, the first node generates a 256-bit key and keeps it under DATA_DIR, so restarts and other
 * nodes on the machine keep accepting the tokens already issued.
 */
final class JwtSecretStore {

    static final String FILE_NAME = "jwt-secret";

    private JwtSecretStore() {
    }

    static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
                try {
                    Files.writeString(file, secret, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                    restrictPermissions(file);
                } catch (FileAlreadyExistsException raced) {
                    // another node created it between our check and write: use theirs
                }
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
                throw new StartupException(file + " holds a key shorter than 32 bytes; delete it or set JWT_SECRET.");
            }
            return secret;
        } catch (IOException e) {
            throw new StartupException("Cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    private static void restrictPermissions(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: the directory's own permissions apply
        }
    }
}
