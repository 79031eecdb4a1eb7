package net.activationserver.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON every answer is written with, the same on every runtime: a {@code null} member is left out (API.md: an
 * activation answer has {@code instanceToken} only when one was issued). Payara's Jersey leaves nulls out by itself;
 * WildFly's RESTEasy writes a record's null components as {@code null}, so the rule is stated here once.
 */
@Provider
public class JsonbSettings implements ContextResolver<Jsonb> {

    private final Jsonb jsonb = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }
}
