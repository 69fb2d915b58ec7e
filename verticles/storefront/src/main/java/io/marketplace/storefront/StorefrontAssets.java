package io.marketplace.storefront;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The web shop at {@code /}: a page and its ES modules from this jar, which call the public REST API like any other
 * client, so the shop scales with the gateway and needs no service of its own.
 *
 * <p>Invariants: every storefront answer carries {@link #POLICY} (scripts, styles and connections from this origin
 * only, nothing inline, no frames), and a browser never runs a stale asset after a deploy — names are not hashed,
 * so each answer is {@code no-cache} with a strong ETag of its content and a revalidation costs a 304 without a body.
 */
public final class StorefrontAssets {

    /** The paths the storefront answers with GET and HEAD only (for the gateway's method table). */
    public static final List<String> PATHS = List.of("/", "/assets/:name");
    static final String ROOT = "storefront/";
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Map<String, Asset> assets;

    private StorefrontAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Reads every asset once (a few kilobytes, at start-up like the API document) and routes {@code /} and them. */
    public static void mount(Router router) {
        StorefrontAssets storefront = load();
        router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> storefront.serve(ctx, "index.html"));
        router.route("/assets/:name").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> storefront.serveAsset(ctx));
    }

    /**
     * The assets, read from the classpath once per JVM. Every gateway instance shares them: instances starting
     * together each opened and closed the jar's file system, and one closing it under another's listing failed
     * that gateway's start ("inodes is null").
     */
    static StorefrontAssets load() {
        return Loaded.ASSETS;
    }

    /** Class initialisation reads the assets exactly once, whatever the number of threads asking. */
    private static final class Loaded {
        static final StorefrontAssets ASSETS = readAll();
    }

    private static StorefrontAssets readAll() {
        Map<String, Asset> assets = new HashMap<>();
        assets.put("index.html", Asset.of("index.html", read(ROOT + "index.html")));
        for (String name : assetNames()) {
            assets.put("assets/" + name, Asset.of(name, read(ROOT + "assets/" + name)));
        }
        return new StorefrontAssets(Map.copyOf(assets));
    }

    private void serveAsset(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (!assets.containsKey("assets/" + name)) {
            ctx.next();
            return;
        }
        serve(ctx, "assets/" + name);
    }

    private void serve(RoutingContext ctx, String key) {
        Asset asset = assets.get(key);
        HttpServerResponse response = ctx.response();
        response.putHeader("Content-Security-Policy", POLICY)
                .putHeader("Cache-Control", "no-cache")
                .putHeader("ETag", asset.etag());
        String ifNoneMatch = ctx.request().getHeader("If-None-Match");
        if (ifNoneMatch != null && List.of(ifNoneMatch.split("\\s*,\\s*")).contains(asset.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader("Content-Type", asset.contentType());
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", String.valueOf(asset.content().length())).end();
        } else {
            response.end(asset.content());
        }
    }

    private static List<String> assetNames() {
        URL folder = StorefrontAssets.class.getClassLoader().getResource(ROOT + "assets");
        if (folder == null) {
            throw new IllegalStateException("The storefront's assets are missing from the classpath");
        }
        try {
            URI uri = folder.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return list(jar.provider().getPath(uri));
                } catch (FileSystemAlreadyExistsException opened) {
                    return list(Path.of(uri));
                }
            }
            return list(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static Buffer read(String resource) {
        try (InputStream in = StorefrontAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the storefront's resources");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One file as served: its bytes, their type, and a strong validator derived from the bytes. */
    record Asset(Buffer content, String contentType, String etag) {

        static Asset of(String name, Buffer content) {
            return new Asset(content, contentType(name), "\"" + digest(content) + "\"");
        }

        private static String contentType(String name) {
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return switch (extension) {
                case "html" -> "text/html; charset=utf-8";
                case "js" -> "text/javascript; charset=utf-8";
                case "css" -> "text/css; charset=utf-8";
                case "svg" -> "image/svg+xml";
                default -> throw new IllegalStateException("The storefront serves no ." + extension + " file");
            };
        }

        private static String digest(Buffer content) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes());
                return HexFormat.of().formatHex(hash, 0, 12);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
