package io.marketplace.gateway;

import io.vertx.core.http.HttpMethod;

/**
 * One HTTP route of the public API and the bus action behind it. Path parameters ({@code :id}) are merged into the
 * message body, so services see one flat JSON object.
 */
public record ApiRoute(HttpMethod method, String path, String service, String action, Access access, int status) {

    public enum Access {
        /** No token needed; a valid one still identifies the caller. */
        PUBLIC,
        /** A valid, unrevoked bearer token is required. */
        AUTHENTICATED
    }

    public static ApiRoute open(HttpMethod method, String path, String service, String action) {
        return new ApiRoute(method, path, service, action, Access.PUBLIC, 200);
    }

    public static ApiRoute secured(HttpMethod method, String path, String service, String action) {
        return new ApiRoute(method, path, service, action, Access.AUTHENTICATED, 200);
    }

    public ApiRoute withStatus(int successStatus) {
        return new ApiRoute(method, path, service, action, access, successStatus);
    }
}
