package io.marketplace.gateway.ops;

import io.marketplace.gateway.GatewayRouter;
import io.marketplace.gateway.ResponseBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code GET /openapi.yaml} (the API description) and {@code GET /docs} (Swagger UI from the webjar on the classpath,
 * so the docs work offline and no CDN is trusted).
 */
public final class ApiDocs {

    static final String SPEC = "openapi.yaml";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    private ApiDocs() {
    }

    public static void mount(Router router) {
        Buffer spec = resource(SPEC);
        Buffer index = resource("docs/index.html");
        Buffer initializer = resource("docs/initializer.js");
        GatewayRouter.readable(router, "/openapi.yaml").handler(ctx -> {
            ctx.response().putHeader("Content-Type", "application/yaml");
            ResponseBodies.end(ctx, spec);
        });
        GatewayRouter.readable(router, "/docs").handler(ctx -> {
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8");
            ResponseBodies.end(ctx, index);
        });
        GatewayRouter.readable(router, "/docs/").handler(ctx -> ctx.redirect("/docs"));
        GatewayRouter.readable(router, "/docs/initializer.js").handler(ctx -> {
            ctx.response().putHeader("Content-Type", "application/javascript");
            ResponseBodies.end(ctx, initializer);
        });
        GatewayRouter.readable(router, "/docs/*")
                .handler(StaticHandler.create(WEBJAR + swaggerUiVersion()).setCachingEnabled(true));
    }

    static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = ApiDocs.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The swagger-ui webjar is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static Buffer resource(String name) {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the gateway's resources");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
