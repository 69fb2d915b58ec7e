package io.marketplace.gateway;

import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.common.bus.Headers;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.bus.Services;
import io.marketplace.common.cluster.ClusterStanding;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The bus requests this gateway is waiting on, so that a node leaving the cluster does not leave clients waiting
 * out the bus timeout for an answer that will never come. The bus does not say which node serves a request, so
 * when a member leaves: a read is sent once more at once (to whichever node serves its address now; the first answer
 * wins); a write fails at once with 503 when no node serves its service any more (it can only have been on the one
 * that left), and otherwise keeps waiting, since it may be running on a survivor and must not be answered twice.
 */
final class InFlightRequests {

    /** Lets the cluster manager drop the departed node's registrations before the probe and the resends. */
    static final long SETTLE_MS = 300;
    private static final long PROBE_TIMEOUT_MS = 1000;

    private final Vertx vertx;
    private final Set<Request> pending = new LinkedHashSet<>();

    private InFlightRequests(Vertx vertx) {
        this.vertx = vertx;
        vertx.eventBus().<String>localConsumer(ClusterStanding.MEMBER_LEFT,
                left -> vertx.setTimer(SETTLE_MS, ignored -> memberLeft()));
    }

    /** Tracks the requests of this verticle instance (call from its event loop). */
    static InFlightRequests watching(Vertx vertx) {
        return new InFlightRequests(vertx);
    }

    /**
     * Sends the request and tracks it until answered. A read whose node left or did not answer (503, 504) is sent
     * once more; a write never is.
     */
    Future<JsonObject> send(String service, boolean read, Supplier<Future<JsonObject>> attempt) {
        Request request = new Request(service, read, attempt);
        pending.add(request);
        request.start();
        return request.result.future().onComplete(ignored -> pending.remove(request));
    }

    private void memberLeft() {
        Set<String> writesToProbe = new HashSet<>();
        for (Request request : List.copyOf(pending)) {
            if (request.read) {
                request.resend();
            } else {
                writesToProbe.add(request.service);
            }
        }
        for (String service : writesToProbe) {
            vertx.eventBus().request(Services.address(service), new JsonObject(), new DeliveryOptions()
                            .setSendTimeout(PROBE_TIMEOUT_MS).addHeader(Headers.ACTION, ActionDispatcher.PING))
                    .onFailure(failure -> {
                        if (ServiceException.from(failure).status() == 503) {
                            failWrites(service);
                        }
                    });
        }
    }

    private void failWrites(String service) {
        List<Request> orphans = new ArrayList<>();
        for (Request request : pending) {
            if (!request.read && request.service.equals(service)) {
                orphans.add(request);
            }
        }
        orphans.forEach(request -> request.result.tryFail(new ServiceException(503, "service_unavailable",
                "The node serving this request left the cluster and no other node serves " + service)));
    }

    /** One client request: at most two attempts for a read, the first success (or the last failure) answers. */
    private static final class Request {
        final String service;
        final boolean read;
        final Supplier<Future<JsonObject>> attempt;
        final Promise<JsonObject> result = Promise.promise();
        int outstanding;
        boolean resent;

        Request(String service, boolean read, Supplier<Future<JsonObject>> attempt) {
            this.service = service;
            this.read = read;
            this.attempt = attempt;
        }

        void start() {
            outstanding++;
            attempt.get().onComplete(outcome -> {
                outstanding--;
                if (outcome.succeeded()) {
                    result.tryComplete(outcome.result());
                } else if (read && !resent && isNodeLoss(outcome.cause())) {
                    resend();
                } else if (outstanding == 0) {
                    result.tryFail(outcome.cause());
                }
            });
        }

        void resend() {
            if (!resent && !result.future().isComplete()) {
                resent = true;
                start();
            }
        }

        /** No handler or no answer: the node serving the request may just have died. */
        private static boolean isNodeLoss(Throwable failure) {
            int status = ServiceException.from(failure).status();
            return status == 503 || status == 504;
        }
    }
}
