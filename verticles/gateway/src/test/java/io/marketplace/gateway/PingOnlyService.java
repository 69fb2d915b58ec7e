package io.marketplace.gateway;

import io.marketplace.common.bus.ActionDispatcher;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** A stand-in service that only answers the readiness ping on its address. */
public final class PingOnlyService extends VerticleBase {

    private final String service;

    public PingOnlyService(String service) {
        this.service = service;
    }

    @Override
    public Future<?> start() {
        return new ActionDispatcher(service).register(vertx);
    }
}
