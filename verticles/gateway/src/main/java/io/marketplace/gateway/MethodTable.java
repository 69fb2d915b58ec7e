package io.marketplace.gateway;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods each known path answers (RFC 9110 §9): a known path asked with another method is a 405 naming the
 * allowed ones in {@code Allow}, never a 404; a plain {@code OPTIONS} is a 204 with {@code Allow}; {@code HEAD} goes
 * wherever {@code GET} does; a path that is not valid percent-encoded UTF-8 is a 400. Literal segments beat
 * parameters, so {@code /api/payments/process} is its own path and never read as a payment id.
 */
final class MethodTable implements Handler<RoutingContext> {

    private final List<PathTemplate> templates;

    private MethodTable(List<PathTemplate> templates) {
        this.templates = templates;
    }

    /** The API routes plus the operations paths (GET only), with {@code :name} path parameters. */
    static MethodTable of(Collection<ApiRoute> routes, Collection<String> getOnlyPaths) {
        Map<String, Set<HttpMethod>> byPath = new LinkedHashMap<>();
        for (ApiRoute route : routes) {
            byPath.computeIfAbsent(route.path(), path -> new java.util.HashSet<>()).add(route.method());
        }
        for (String path : getOnlyPaths) {
            byPath.computeIfAbsent(path, ignored -> new java.util.HashSet<>()).add(HttpMethod.GET);
        }
        return new MethodTable(byPath.entrySet().stream()
                .map(entry -> new PathTemplate(segments(entry.getKey()), entry.getValue())).toList());
    }

    @Override
    public void handle(RoutingContext ctx) {
        List<String> segments;
        try {
            segments = decodedSegments(ctx.request().path());
        } catch (IllegalArgumentException e) {
            ErrorMapper.respond(ctx, new ServiceException(400, "bad_request",
                    "The path is not valid percent-encoded UTF-8"));
            return;
        }
        PathTemplate template = resolve(segments);
        HttpMethod method = ctx.request().method();
        if (template == null || template.allows(method)) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Allow", template.allowHeader());
        if (method == HttpMethod.OPTIONS) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        ErrorMapper.respond(ctx, new ServiceException(405, "method_not_allowed",
                method.name() + " is not allowed on this path; allowed: " + template.allowHeader(),
                new JsonObject().put("allowed", new JsonArray(template.allowed()))));
    }

    /** The most specific template matching the path, or null for an unknown path. */
    PathTemplate resolve(List<String> segments) {
        PathTemplate best = null;
        for (PathTemplate template : templates) {
            if (template.matches(segments) && (best == null || template.moreSpecificThan(best))) {
                best = template;
            }
        }
        return best;
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
    }

    /** Path segments with percent-escapes decoded; a bad escape or invalid UTF-8 is an IllegalArgumentException. */
    static List<String> decodedSegments(String path) {
        List<String> decoded = new ArrayList<>();
        for (String segment : segments(path)) {
            decoded.add(decode(segment));
        }
        return decoded;
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        int i = 0;
        while (i < segment.length()) {
            int escape = segment.indexOf('%', i);
            int literalEnd = escape < 0 ? segment.length() : escape;
            bytes.writeBytes(segment.substring(i, literalEnd).getBytes(StandardCharsets.UTF_8));
            if (escape < 0) {
                break;
            }
            if (escape + 2 >= segment.length()) {
                throw new IllegalArgumentException("truncated escape");
            }
            int high = Character.digit(segment.charAt(escape + 1), 16);
            int low = Character.digit(segment.charAt(escape + 2), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("bad escape");
            }
            bytes.write(high * 16 + low);
            i = escape + 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    /** One known path: its segments ({@code :name} for a parameter) and the methods routed on it. */
    record PathTemplate(List<String> segments, Set<HttpMethod> methods) {

        boolean matches(List<String> path) {
            if (path.size() != segments.size()) {
                return false;
            }
            for (int i = 0; i < path.size(); i++) {
                if (!isParameter(i) && !segments.get(i).equals(path.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /** At the first position where they differ, a literal segment is more specific than a parameter. */
        boolean moreSpecificThan(PathTemplate other) {
            for (int i = 0; i < segments.size(); i++) {
                if (isParameter(i) != other.isParameter(i)) {
                    return !isParameter(i);
                }
            }
            return false;
        }

        boolean allows(HttpMethod method) {
            return methods.contains(method) || (method == HttpMethod.HEAD && methods.contains(HttpMethod.GET));
        }

        List<String> allowed() {
            Set<String> names = new TreeSet<>();
            methods.forEach(method -> names.add(method.name()));
            if (methods.contains(HttpMethod.GET)) {
                names.add(HttpMethod.HEAD.name());
            }
            names.add(HttpMethod.OPTIONS.name());
            return List.copyOf(names);
        }

        String allowHeader() {
            return String.join(", ", allowed());
        }

        private boolean isParameter(int index) {
            return segments.get(index).startsWith(":");
        }
    }
}
