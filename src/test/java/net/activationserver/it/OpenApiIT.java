package net.activationserver.it;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /openapi} is a valid OpenAPI 3 document on the runtime the tests run on, as client generators and validators read it. */
class OpenApiIT extends ItBase {

    /** The top-level members OpenAPI 3.0 and 3.1 define; anything else must be an {@code x-} extension. */
    private static final Set<String> TOP_LEVEL = Set.of("openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks",
            "components", "security", "tags", "externalDocs");

    @Test
    void theDocumentIsValidOpenApi3() {
        Http.Answer answer = http.plain("GET", "openapi", null, null, "Accept", "application/json");
        assertEquals(200, answer.status(), answer.toString());
        assertTrue(answer.contentType() != null && answer.contentType().startsWith("application/json"), answer.toString());
        String text = answer.body();

        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        // swagger-parser names each violation, an unknown top-level member as "attribute endpoints is unexpected"
        assertEquals(List.of(), result.getMessages(), "what swagger-parser found wrong in /openapi");
        OpenAPI api = result.getOpenAPI();
        assertNotNull(api, text);
        assertTrue(api.getOpenapi().startsWith("3."), api.getOpenapi());
        assertNotNull(api.getPaths().get("/api/v1/activations"), "documents the activation");
        assertNotNull(api.getPaths().get("/api/v1/ping"), "documents the ping");

        JsonObject document = Json.createReader(new StringReader(text)).readObject();
        List<String> unknown = document.keySet().stream().filter(name -> !TOP_LEVEL.contains(name) && !name.startsWith("x-")).toList();
        assertEquals(List.of(), unknown, "top-level members that OpenAPI does not define");

        // OpenAPI 3.0's schema rule that swagger-parser does not check: a boolean exclusiveMaximum needs a maximum (and minimum).
        List<String> unbounded = new ArrayList<>();
        unboundedExclusives(document, "#", unbounded);
        assertEquals(List.of(), unbounded, "schemas with exclusiveMaximum/exclusiveMinimum but no maximum/minimum");
    }

    private static void unboundedExclusives(JsonValue value, String at, List<String> found) {
        if (value instanceof JsonObject object) {
            if (isBoolean(object.get("exclusiveMaximum")) && !object.containsKey("maximum")
                    || isBoolean(object.get("exclusiveMinimum")) && !object.containsKey("minimum")) {
                found.add(at);
            }
            object.forEach((name, member) -> unboundedExclusives(member, at + "/" + name, found));
        } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            List<JsonValue> items = value.asJsonArray();
            for (int i = 0; i < items.size(); i++) {
                unboundedExclusives(items.get(i), at + "/" + i, found);
            }
        }
    }

    private static boolean isBoolean(JsonValue value) {
        return value != null && (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE);
    }
}
