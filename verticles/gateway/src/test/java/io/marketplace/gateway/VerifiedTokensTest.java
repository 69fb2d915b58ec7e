package io.marketplace.gateway;

import io.marketplace.common.bus.Caller;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final VerifiedTokens tokens = new VerifiedTokens(now::get);

    private static Caller caller(String user, long expiresAt) {
        return new Caller(user, user + "@example.com", Set.of(Caller.ROLE_USER), "first-request", "jti-" + user,
                expiresAt, "session-" + user, null);
    }

    @Test
    @DisplayName("a verified token names the same caller again, with this request's id and no idempotency key")
    void knownToken() {
        tokens.remember("token-a", caller("a", 1_060));
        Caller again = tokens.find("token-a", "second-request");
        assertThat(again.userId()).isEqualTo("a");
        assertThat(again.email()).isEqualTo("a@example.com");
        assertThat(again.roles()).containsExactly(Caller.ROLE_USER);
        assertThat(again.tokenId()).isEqualTo("jti-a");
        assertThat(again.tokenExpiresAt()).isEqualTo(1_060);
        assertThat(again.sessionId()).isEqualTo("session-a");
        assertThat(again.requestId()).isEqualTo("second-request");
        assertThat(again.idempotencyKey()).isNull();
    }

    @Test
    @DisplayName("an unknown token, or one differing by a single character, must be verified")
    void unknownToken() {
        tokens.remember("token-a", caller("a", 1_060));
        assertThat(tokens.find("token-b", "r")).isNull();
        assertThat(tokens.find("token-a ", "r")).isNull();
        assertThat(tokens.find("Token-a", "r")).isNull();
    }

    @Test
    @DisplayName("at its exp second a token is forgotten and must be verified again")
    void expiry() {
        tokens.remember("token-a", caller("a", 1_060));
        now.set(1_059);
        assertThat(tokens.find("token-a", "r")).isNotNull();
        now.set(1_060);
        assertThat(tokens.find("token-a", "r")).isNull();
        now.set(1_000);
        assertThat(tokens.find("token-a", "r")).as("forgotten, not hidden").isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    @DisplayName("it holds at most its capacity, dropping the least recently used token first")
    void bounded() {
        for (int i = 0; i <= VerifiedTokens.CAPACITY; i++) {
            tokens.remember("token-" + i, caller("u" + i, 2_000));
            if (i == 0) {
                continue;
            }
            tokens.find("token-0", "keep-it-recent");
        }
        assertThat(tokens.size()).isEqualTo(VerifiedTokens.CAPACITY);
        assertThat(tokens.find("token-0", "r")).isNotNull();
        assertThat(tokens.find("token-1", "r")).isNull();
        assertThat(tokens.find("token-" + VerifiedTokens.CAPACITY, "r")).isNotNull();
    }
}
