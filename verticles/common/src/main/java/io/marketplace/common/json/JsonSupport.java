package io.marketplace.common.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.vertx.core.json.jackson.DatabindCodec;

/**
 * Makes every JSON decode in this JVM read decimals as {@link java.math.BigDecimal}: prices keep their exact value
 * and their two places across the clustered bus, and a client's {@code 19.999} is seen as it was sent.
 */
public final class JsonSupport {

    private static volatile boolean installed;

    private JsonSupport() {
    }

    public static void install() {
        if (!installed) {
            DatabindCodec.mapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            installed = true;
        }
    }
}
