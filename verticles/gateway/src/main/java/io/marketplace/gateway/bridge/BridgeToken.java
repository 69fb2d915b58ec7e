package io.marketplace.gateway.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret bridge clients send in every frame's {@code headers.token}, or none (a loopback bridge without
 * {@code BRIDGE_TOKEN}). Both sides are hashed before an {@link MessageDigest#isEqual} comparison, so the time taken
 * tells an attacker neither how much of a guess matched nor how long the secret is.
 */
final class BridgeToken {

    static final String HEADER = "token";

    private final byte[] expectedDigest;

    private BridgeToken(byte[] expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    /** The configured secret; null or blank means no token is asked for. */
    static BridgeToken of(String secret) {
        return new BridgeToken(secret == null || secret.isBlank() ? null : digest(secret));
    }

    boolean required() {
        return expectedDigest != null;
    }

    /** True when no token is required, or the presented one is the secret. */
    boolean admits(String presented) {
        if (expectedDigest == null) {
            return true;
        }
        return presented != null && MessageDigest.isEqual(expectedDigest, digest(presented));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
