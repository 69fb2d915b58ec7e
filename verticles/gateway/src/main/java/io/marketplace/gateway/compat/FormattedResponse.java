package io.marketplace.gateway.compat;

import io.vertx.core.buffer.Buffer;

/** A status and a JSON body, ready to be written by whoever owns the response. */
public record FormattedResponse(int status, Buffer body) {
}
