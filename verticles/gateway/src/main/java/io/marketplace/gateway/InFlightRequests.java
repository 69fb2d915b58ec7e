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
import java.util.function.Function;

/**
 * The bus requests this gateway is waiting on, so that a node leaving the cluster does not leave clients waiting
 * out the bus timeout for an answer that will never come. A read goes to this node's own service when it hosts one
 * ({@link ServiceNodes#local}), else to the shared address. When a member leaves: a read is sent once more at once (to
 * whichever node serves its address now; the first answer wins). A write is never sent twice (the client decides,
 * and an Idempotency-Key makes its retry safe): one this gateway sent to the departed member's own address
 * ({@link ServiceNodes}) fails at once with 503; one sent to the shared address, where the bus does not say which
 * node took it, fails at once only when no node serves its service any more, and otherwise keeps waiting, since it
 * may be running on a survivor and must not be answered twice.
 */
final class InFlightRequests {

    /** Lets the cluster manager drop the departed node's registrations before the probe and the resends. */
    static final long SETTLE_MS = 300;
    private static final long PROBE_TIMEOUT_MS = 1000;

    private final Vertx vertx;
    private final Function<String, String> nodePicker;
    private final Function<String, String> readPicker;
    private final Set<Request<?>> pending = new LinkedHashSet<>();

    /**
     * {@code nodePicker}: the node id a write of the service goes to, or null to use the shared address;
     * {@code readPicker}: the same for a read. {@link #watching} picks through {@link ServiceNodes}.
     */
    InFlightRequests(Vertx vertx, Function<String, String> nodePicker, Function<String, String> readPicker) {
        this.vertx = vertx;
        this.nodePicker = nodePicker;
        this.readPicker = readPicker;
        vertx.eventBus().<String>localConsumer(ClusterStanding.MEMBER_LEFT, left -> {
            failWritesOn(left.body());
            vertx.setTimer(SETTLE_MS, ignored -> memberLeft());
        });
    }

    /** Tracks the requests of this verticle instance (call from its event loop). */
    static InFlightRequests watching(Vertx vertx) {
        ServiceNodes nodes = ServiceNodes.of(vertx);
        return new InFlightRequests(vertx, nodes::next, nodes::local);
    }

    /**
     * Sends the request, through {@code toAddress}, and tracks it until answered. A read goes to this node's own
     * address of the service when it hosts it, else to the shared address, and once more if its node left or did not
     * answer (503, 504); a write goes to the address of a node picked for it when there is one, and is never sent
     * twice. A pick that no consumer answers (the service not deployed there yet) falls back to the shared address.
     */
    <T> Future<T> send(String service, boolean read, Function<String, Future<T>> toAddress) {
        Request<T> request = new Request<>(service, read, toAddress,
                read ? readPicker.apply(service) : nodePicker.apply(service));
        pending.add(request);
        request.start();
        return request.result.future().onComplete(ignored -> pending.remove(request));
    }

    /** Fails at once the writes sent to the member that left: they went down with it, done or not. */
    private void failWritesOn(String nodeId) {
        for (Request<?> request : List.copyOf(pending)) {
            if (!request.read && nodeId != null && nodeId.equals(request.node)) {
                request.result.tryFail(new ServiceException(503, "service_unavailable", "The node serving this "
                        + "request left the cluster before answering; it may or may not have been done. Check, or "
                        + "retry with the same Idempotency-Key"));
            }
        }
    }

    private void memberLeft() {
        Set<String> writesToProbe = new HashSet<>();
        for (Request<?> request : List.copyOf(pending)) {
            if (request.read) {
                request.resend();
            } else if (request.node == null) {
                writesToProbe.add(request.service);
            }
        }
        for (String service : writesToProbe) {
            vertx.eventBus().request(Services.address(service), new JsonObject(), new DeliveryOptions()
                            .setSendTimeout(PROBE_TIMEOUT_MS).addHeader(Headers.ACTION, ActionDispatcher.PING))
                    .onFailure(failure -> {
                        if (ServiceException.from(failure).status() == 503) {
                            failUntargetedWrites(service);
                        }
                    });
        }
    }

    private void failUntargetedWrites(String service) {
        List<Request<?>> orphans = new ArrayList<>();
        for (Request<?> request : pending) {
            if (!request.read && request.node == null && request.service.equals(service)) {
                orphans.add(request);
            }
        }
        orphans.forEach(request -> request.result.tryFail(new ServiceException(503, "service_unavailable",
                "The node serving this request left the cluster and no other node serves " + service)));
    }

    /**
     * One client request: at most two attempts for a read, the first success (or the last failure) answers. A request
     * picked for a node that does not (or no longer) serve the service was delivered nowhere, so it goes to the
     * shared address instead, no longer tied to a node; unless the client already has its answer (a 503 because
     * that node left): a write answered must not then be done behind the client's back.
     */
    private static final class Request<T> {
        final String service;
        final boolean read;
        final Function<String, Future<T>> toAddress;
        final Promise<T> result = Promise.promise();
        String node;
        int outstanding;
        boolean resent;

        Request(String service, boolean read, Function<String, Future<T>> toAddress, String node) {
            this.service = service;
            this.read = read;
            this.toAddress = toAddress;
            this.node = node;
        }

        void start() {
            outstanding++;
            String target = node;
            toAddress.apply(target == null ? Services.address(service) : Services.nodeAddress(service, target))
                    .onComplete(outcome -> {
                        outstanding--;
                        if (outcome.succeeded()) {
                            result.tryComplete(outcome.result());
                        } else if (target != null && ServiceException.undelivered(outcome.cause())
                                && !result.future().isComplete()) {
                            node = null;
                            start();
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
