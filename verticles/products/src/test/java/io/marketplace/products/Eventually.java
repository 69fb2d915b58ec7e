package io.marketplace.products;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a read every 10 ms until its answer passes a check, failing once a bound is passed (no timed assertions). */
final class Eventually {

    private Eventually() {
    }

    static Future<JsonObject> poll(Vertx vertx, long boundMs, Supplier<Future<JsonObject>> read,
                                   Predicate<JsonObject> check) {
        Promise<JsonObject> result = Promise.promise();
        poll(vertx, System.currentTimeMillis() + boundMs, read, check, result);
        return result.future();
    }

    private static void poll(Vertx vertx, long deadline, Supplier<Future<JsonObject>> read,
                             Predicate<JsonObject> check, Promise<JsonObject> result) {
        read.get().onComplete(outcome -> {
            if (outcome.succeeded() && check.test(outcome.result())) {
                result.complete(outcome.result());
            } else if (System.currentTimeMillis() > deadline) {
                result.fail(new AssertionError("not seen within the bound; last answer "
                        + (outcome.succeeded() ? outcome.result() : outcome.cause())));
            } else {
                vertx.setTimer(10, id -> poll(vertx, deadline, read, check, result));
            }
        });
    }
}
