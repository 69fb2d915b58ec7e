package io.marketplace.gateway;

import io.marketplace.common.bus.Caller;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who a request counts against: the user id when a valid token came with it, else the remote address. A
 * {@code X-Forwarded-For} header is believed only from a proxy listed in TRUSTED_PROXIES, otherwise anyone could
 * pick their own key.
 */
public final class ClientKeys {

    private final Set<String> trustedProxies;

    public ClientKeys(String trustedProxies) {
        this.trustedProxies = trustedProxies == null ? Set.of() : Arrays.stream(trustedProxies.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    public String keyOf(RoutingContext ctx) {
        Caller caller = JwtFilter.caller(ctx);
        if (caller.isAuthenticated()) {
            return "user:" + caller.userId();
        }
        return "ip:" + remoteAddress(ctx);
    }

    String remoteAddress(RoutingContext ctx) {
        String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        return clientAddress(peer, ctx.request().getHeader(HeaderNames.X_FORWARDED_FOR));
    }

    /** The client's address: the first X-Forwarded-For entry when the peer is a trusted proxy, else the peer. */
    String clientAddress(String peer, String forwarded) {
        if (forwarded != null && trustedProxies.contains(peer)) {
            String client = forwarded.split(",")[0].strip();
            if (!client.isEmpty() && client.length() <= 64) {
                return client;
            }
        }
        return peer;
    }
}
