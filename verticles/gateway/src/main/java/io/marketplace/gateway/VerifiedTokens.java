package io.marketplace.gateway;

import io.marketplace.common.bus.Caller;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The tokens this gateway instance verified lately, by their exact text, with the caller each names: a client
 * sending the same bearer token again skips the HS256 check and the claims' decoding (a tenth of a request's CPU).
 *
 * <p>Invariant: a token is answered from here only if its exact text was verified before (the signature covers every
 * byte, so the same text carries the same claims) and only until its {@code exp}, strictly: past that the token is
 * verified again and the library decides (expired). Revocation is not decided here: {@link JwtFilter} checks it on
 * every request. One instance per event loop (not thread-safe), at most {@link #CAPACITY} tokens, least recently
 * used dropped first.
 */
final class VerifiedTokens {

    static final int CAPACITY = 4096;

    private final LongSupplier epochSeconds;
    private final Map<String, Caller> byToken = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Caller> eldest) {
            return size() > CAPACITY;
        }
    };

    VerifiedTokens(LongSupplier epochSeconds) {
        this.epochSeconds = epochSeconds;
    }

    /** The caller the token names, for this request, or null when it must be verified. */
    Caller find(String token, String requestId) {
        Caller known = byToken.get(token);
        if (known == null) {
            return null;
        }
        if (epochSeconds.getAsLong() >= known.tokenExpiresAt()) {
            byToken.remove(token);
            return null;
        }
        return new Caller(known.userId(), known.email(), known.roles(), requestId, known.tokenId(),
                known.tokenExpiresAt(), known.sessionId(), null);
    }

    void remember(String token, Caller verified) {
        byToken.put(token, verified);
    }

    int size() {
        return byToken.size();
    }
}
