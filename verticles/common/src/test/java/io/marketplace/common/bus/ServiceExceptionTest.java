package io.marketplace.common.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceExceptionTest {

    @Test
    @DisplayName("a service error crosses the bus as a ReplyException and comes back with status, code and details")
    void roundTrip() {
        ServiceException sent = ServiceException.conflict("insufficient_stock", "Not enough stock",
                new JsonObject().put("available", 2));
        ServiceException received = ServiceException.from(sent.toReplyException());
        assertThat(received.status()).isEqualTo(409);
        assertThat(received.code()).isEqualTo("insufficient_stock");
        assertThat(received.getMessage()).isEqualTo("Not enough stock");
        assertThat(received.details()).isEqualTo(new JsonObject().put("available", 2));
    }

    @Test
    @DisplayName("no handler is a 503, a timeout a 504, anything unknown a 500 without internals")
    void busFailures() {
        assertThat(ServiceException.from(new ReplyException(ReplyFailure.NO_HANDLERS, "x")).status()).isEqualTo(503);
        assertThat(ServiceException.from(new ReplyException(ReplyFailure.TIMEOUT, "x")).status()).isEqualTo(504);
        ServiceException unknown = ServiceException.from(new IllegalStateException("db password is hunter2"));
        assertThat(unknown.status()).isEqualTo(500);
        assertThat(unknown.getMessage()).doesNotContain("hunter2");
    }

    @Test
    @DisplayName("only a request the bus delivered nowhere counts as undelivered, not a service's own 503 or a timeout")
    void undelivered() {
        assertThat(ServiceException.undelivered(new ReplyException(ReplyFailure.NO_HANDLERS, "x"))).isTrue();
        assertThat(ServiceException.undelivered(ServiceException.from(new ReplyException(ReplyFailure.NO_HANDLERS,
                "x")))).isTrue();
        assertThat(ServiceException.undelivered(ServiceException.from(new ServiceException(503, "service_unavailable",
                "products is down").toReplyException()))).isFalse();
        assertThat(ServiceException.undelivered(ServiceException.from(new ReplyException(ReplyFailure.TIMEOUT, "x"))))
                .isFalse();
    }
}
