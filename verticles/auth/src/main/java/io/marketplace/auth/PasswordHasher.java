package io.marketplace.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;

/** bcrypt on a worker thread: a hash costs tens of milliseconds, far too long for an event loop. */
public class PasswordHasher {

    private final Vertx vertx;
    private final int cost;
    /** A hash of a random string, verified when the email is unknown so timing does not reveal accounts. */
    private volatile String decoyHash;

    public PasswordHasher(Vertx vertx, int cost) {
        this.vertx = vertx;
        this.cost = cost;
    }

    public Future<String> hash(String password) {
        return vertx.executeBlocking(() -> BCrypt.withDefaults().hashToString(cost, password.toCharArray()), false);
    }

    public Future<Boolean> verify(String password, String hash) {
        return vertx.executeBlocking(() -> {
            String target = hash != null ? hash : decoy();
            if (!Credentials.fitsBcrypt(password)) {
                return false;
            }
            boolean verified = BCrypt.verifyer()
                    .verify(password.getBytes(StandardCharsets.UTF_8), target.getBytes(StandardCharsets.UTF_8))
                    .verified;
            return verified && hash != null;
        }, false);
    }

    private String decoy() {
        if (decoyHash == null) {
            decoyHash = BCrypt.withDefaults().hashToString(cost, java.util.UUID.randomUUID().toString().toCharArray());
        }
        return decoyHash;
    }
}
