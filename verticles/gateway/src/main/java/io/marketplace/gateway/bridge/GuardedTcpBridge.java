package io.marketplace.gateway.bridge;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

/**
 * The library's TCP event-bus bridge (vertx-tcp-eventbus-bridge) with a {@link FrameGuard} on every connection. The
 * library reads straight from the socket and offers no hook before its parser, so instead of forking it, it is built
 * on views: a view of Vert.x whose net server hands each connection to the bridge as a view of the socket, where the
 * parser the bridge installs is fed by the guard rather than by the wire. Everything else (permits, registrations,
 * replies, frames it writes) is the library's own code.
 *
 * <p>A client that stops reading while events keep coming would make its socket's write queue grow without bound;
 * once the queue holds {@value #MAX_QUEUED_BYTES} bytes the connection is closed instead.
 */
final class GuardedTcpBridge {

    static final int MAX_QUEUED_BYTES = 8 * 1024 * 1024;
    /** Returned by an override to mean "this view itself", for fluent methods. */
    private static final Object SELF = new Object();

    private final BridgeToken token;
    private final TcpEventBusBridge bridge;
    private NetServer server;

    GuardedTcpBridge(Vertx vertx, BridgeOptions permits, NetServerOptions serverOptions, BridgeToken token) {
        this.token = token;
        Vertx vertxView = view(Vertx.class, vertx, Map.of("createNetServer/1", args -> {
            server = vertx.createNetServer((NetServerOptions) args[0]);
            return view(NetServer.class, server, Map.of("connectHandler/1", handler -> {
                @SuppressWarnings("unchecked")
                Handler<NetSocket> bridgeHandler = (Handler<NetSocket>) handler[0];
                server.connectHandler(socket -> accept(socket, bridgeHandler));
                return SELF;
            }));
        }));
        this.bridge = TcpEventBusBridge.create(vertxView, permits, serverOptions);
    }

    /** Listens and returns the bound port (the actual one when 0 asked for any free port). */
    Future<Integer> listen(int port, String host) {
        return bridge.listen(port, host).map(ignored -> server.actualPort());
    }

    Future<Void> close() {
        return bridge.close();
    }

    private void accept(NetSocket socket, Handler<NetSocket> bridgeHandler) {
        socket.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
        FrameGuard guard = new FrameGuard(socket, token);
        NetSocket socketView = view(NetSocket.class, socket, Map.of(
                "handler/1", args -> {
                    @SuppressWarnings("unchecked")
                    Handler<Buffer> parser = (Handler<Buffer>) args[0];
                    guard.feed(parser);
                    return SELF;
                },
                "write/1", args -> {
                    if (socket.writeQueueFull()) {
                        guard.refuse("slow_consumer", "the client did not read " + MAX_QUEUED_BYTES
                                + " bytes of frames sent to it");
                        return Future.succeededFuture();
                    }
                    return args[0] instanceof Buffer frame ? socket.write(frame) : socket.write((String) args[0]);
                }));
        bridgeHandler.handle(socketView);
        socket.handler(guard);
    }

    /**
     * A view of {@code target}: calls named in {@code overrides} ({@code "name/arity"}) run the override, every other
     * call goes to the target unchanged.
     */
    @SuppressWarnings("unchecked")
    private static <T> T view(Class<T> type, T target, Map<String, Function<Object[], Object>> overrides) {
        Object[] self = new Object[1];
        InvocationHandler handler = (proxy, method, args) -> {
            Function<Object[], Object> override = overrides.get(
                    method.getName() + "/" + (args == null ? 0 : args.length));
            if (override != null) {
                Object result = override.apply(args);
                return result == SELF ? self[0] : result;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        self[0] = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
        return (T) self[0];
    }
}
