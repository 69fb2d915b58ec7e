package io.marketplace.app;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import org.yaml.snakeyaml.Yaml;

import java.util.Map;
import java.util.Set;

import static io.marketplace.app.BlockingCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API document a running gateway serves at {@code /openapi.yaml}, as a response validator: an answer the
 * document does not describe (an unknown operation, an undocumented status, a body off its schema) fails the test.
 */
final class ServedDocument {

    /** Media types vertx-openapi cannot validate; they stay documented, only this validator's copy drops them. */
    private static final Set<String> UNVALIDATED = Set.of("application/x-www-form-urlencoded", "application/yaml",
            "text/html");

    private final OpenAPIContract contract;
    private final ResponseValidator validator;

    private ServedDocument(OpenAPIContract contract, ResponseValidator validator) {
        this.contract = contract;
        this.validator = validator;
    }

    @SuppressWarnings("unchecked")
    static ServedDocument load(Vertx vertx, String yaml) throws Exception {
        JsonObject spec = new JsonObject(new JsonObject((Map<String, Object>) new Yaml().load(yaml)).encode());
        OpenAPIContract contract = await(OpenAPIContract.from(vertx, withoutUnvalidatedMedia(spec)));
        return new ServedDocument(contract, ResponseValidator.create(vertx, contract));
    }

    /** The answer to {@code method path} matches the document's description of that operation and status. */
    void assertDescribes(HttpMethod method, String path, int status, String contentType, Buffer body)
            throws Exception {
        Operation operation = contract.findOperation(path, method);
        assertThat(operation).as(method + " " + path + " is documented").isNotNull();
        ValidatableResponse response = ValidatableResponse.create(status, body,
                contentType == null ? null : contentType.split(";")[0]);
        try {
            await(validator.validate(response, operation.getOperationId()));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(method + " " + path + " -> " + status + " does not match the served document: "
                    + e.getCause().getMessage() + " in " + body, e.getCause());
        }
    }

    /**
     * vertx-openapi validates JSON, multipart and plain-text bodies and refuses a contract that mentions other media
     * types: the url-encoded login form, the YAML document and the HTML docs page stay documented (and are tested
     * elsewhere); only a validator's copy of the contract leaves them out.
     */
    static JsonObject withoutUnvalidatedMedia(JsonObject spec) {
        JsonObject paths = spec.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject operation)) {
                    continue;
                }
                JsonObject body = operation.getJsonObject("requestBody");
                if (body != null && body.getJsonObject("content") != null) {
                    UNVALIDATED.forEach(body.getJsonObject("content")::remove);
                }
                JsonObject answers = operation.getJsonObject("responses", new JsonObject());
                for (String status : answers.fieldNames()) {
                    JsonObject content = answers.getJsonObject(status).getJsonObject("content");
                    if (content != null) {
                        UNVALIDATED.forEach(content::remove);
                    }
                }
            }
        }
        return spec;
    }
}
