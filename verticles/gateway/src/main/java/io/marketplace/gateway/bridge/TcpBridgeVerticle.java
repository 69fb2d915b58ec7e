package io.marketplace.gateway.bridge;

import io.marketplace.common.config.AppConfig;
import io.marketplace.common.json.JsonSupport;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for services written in other languages, deployed once on a gateway node when
 * {@code BRIDGE_PORT} is set: the standard framing (docs/bus.md, TCP bridge), {@link BridgePermits}, the shared
 * {@code BRIDGE_TOKEN}, and a {@link FrameGuard} on every connection. Configuration was checked when it was loaded
 * (a host beyond loopback without a token never gets here).
 */
public class TcpBridgeVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger("marketplace");

    private GuardedTcpBridge bridge;
    private volatile int port;

    @Override
    public Future<?> start() {
        JsonSupport.install();
        AppConfig config = AppConfig.fromJson(config());
        BridgeToken token = BridgeToken.of(config.bridgeToken());
        int requested = config.bridgePort();
        String host = config.bridgeHost();
        bridge = new GuardedTcpBridge(vertx, BridgePermits.options(), new NetServerOptions(), token);
        return bridge.listen(requested, host)
                .recover(failure -> Future.failedFuture(String.valueOf(failure.getMessage()).contains("in use")
                        ? new IllegalStateException("Port " + requested + " is already in use; set BRIDGE_PORT to "
                                + "another port.", failure)
                        : failure))
                .onSuccess(bound -> {
                    port = bound;
                    LOG.info("TCP event-bus bridge listening on {}:{} ({})", host, bound,
                            token.required() ? "every frame must carry BRIDGE_TOKEN" : "no token: loopback only");
                });
    }

    /** The port the bridge listens on, once started. */
    public int port() {
        return port;
    }

    @Override
    public Future<?> stop() {
        return bridge == null ? Future.succeededFuture() : bridge.close();
    }
}
