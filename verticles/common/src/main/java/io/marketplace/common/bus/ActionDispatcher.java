package io.marketplace.common.bus;

import io.marketplace.common.json.JsonSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Routes the messages sent to one service address to the handler registered for their {@code action} header.
 * Every service answers {@code ping}, which the gateway's readiness check uses.
 */
public final class ActionDispatcher {

    public static final String PING = "ping";

    private static final Logger LOG = LoggerFactory.getLogger(ActionDispatcher.class);

    private final String service;
    private final Map<String, ActionHandler> handlers = new LinkedHashMap<>();
    private final Map<String, TextActionHandler> textHandlers = new LinkedHashMap<>();

    public ActionDispatcher(String service) {
        this.service = service;
        on(PING, (body, caller) -> Future.succeededFuture(new JsonObject().put("service", service).put("status", "UP")));
    }

    public ActionDispatcher on(String action, ActionHandler handler) {
        handlers.put(action, handler);
        return this;
    }

    /**
     * The same action answered as JSON text to a caller that asks for it ({@link Headers#REPLY_AS}); other callers
     * still get the {@link #on} handler's JSON object.
     */
    public ActionDispatcher onText(String action, TextActionHandler handler) {
        textHandlers.put(action, handler);
        return this;
    }

    /**
     * Registers the consumer on {@code marketplace.<service>} and, on a clustered node, on this node's own address
     * of the service ({@link Services#nodeAddress}); completes once both are known to the cluster.
     */
    public Future<MessageConsumer<JsonObject>> register(Vertx vertx) {
        Future<MessageConsumer<JsonObject>> shared = register(vertx, Services.address(service));
        ClusterManager cluster = vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
        if (cluster == null) {
            return shared;
        }
        return register(vertx, Services.nodeAddress(service, cluster.getNodeId())).compose(ownAddress -> shared);
    }

    /** The same actions on another address, e.g. one that names a single node, so a caller can pick that node. */
    public Future<MessageConsumer<JsonObject>> register(Vertx vertx, String address) {
        JsonSupport.install();
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, this::dispatch);
        return consumer.completion().map(consumer);
    }

    void dispatch(Message<JsonObject> message) {
        long started = System.nanoTime();
        String action = message.headers().get(Headers.ACTION);
        Caller caller = Caller.fromHeaders(message.headers());
        MDC.put("request_id", caller.requestId() == null ? "-" : caller.requestId());
        try {
            TextActionHandler textHandler = action == null ? null : textHandlers.get(action);
            if (textHandler != null && Headers.TEXT.equals(message.headers().get(Headers.REPLY_AS))) {
                dispatchText(message, textHandler, action, caller, started);
                return;
            }
            ActionHandler handler = action == null ? null : handlers.get(action);
            Future<JsonObject> result = handler == null
                    ? Future.failedFuture(ServiceException.badRequest("Unknown action '" + action + "' for " + service))
                    : invoke(handler, message.body(), caller);
            result.onComplete(outcome -> {
                long micros = (System.nanoTime() - started) / 1000;
                if (outcome.succeeded()) {
                    LOG.debug("{} {} ok in {} us request_id={}", service, action, micros, caller.requestId());
                    message.reply(outcome.result());
                } else {
                    replyFailure(message, action, caller, outcome.cause(), micros);
                }
            });
        } finally {
            MDC.remove("request_id");
        }
    }

    private void dispatchText(Message<JsonObject> message, TextActionHandler handler, String action, Caller caller,
                              long started) {
        Future<JsonText> result;
        try {
            JsonObject body = message.body() == null ? new JsonObject() : message.body();
            result = handler.handle(body, caller);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(outcome -> {
            long micros = (System.nanoTime() - started) / 1000;
            if (outcome.succeeded()) {
                LOG.debug("{} {} ok in {} us request_id={}", service, action, micros, caller.requestId());
                JsonText text = outcome.result();
                DeliveryOptions options = new DeliveryOptions().addHeader(Headers.ENTITY_TAG, text.tag());
                if (text.lastModified() != null) {
                    options.addHeader(Headers.LAST_MODIFIED, text.lastModified());
                }
                message.reply(text.json(), options);
            } else {
                replyFailure(message, action, caller, outcome.cause(), micros);
            }
        });
    }

    private void replyFailure(Message<JsonObject> message, String action, Caller caller, Throwable cause, long micros) {
        ServiceException error = toServiceException(action, caller, cause);
        LOG.info("{} {} failed {} {} in {} us request_id={}", service, action, error.status(), error.code(), micros,
                caller.requestId());
        message.reply(error.toReplyException());
    }

    private static Future<JsonObject> invoke(ActionHandler handler, JsonObject body, Caller caller) {
        try {
            Future<JsonObject> result = handler.handle(body == null ? new JsonObject() : body, caller);
            return result == null ? Future.failedFuture(ServiceException.internal("Handler returned no result")) : result;
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private ServiceException toServiceException(String action, Caller caller, Throwable cause) {
        ServiceException error = ServiceException.from(cause);
        if (error.status() >= 500 && !(cause instanceof ServiceException)) {
            LOG.error("{} {} crashed request_id={}", service, action, caller.requestId(), cause);
        }
        return error;
    }
}
