package io.insightmesh.catalog.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Our own APIs' bodies take a value only as the type the API declares: {@code 42} and {@code true}
 * are not names, {@code "5"} is not a snapshot id, {@code 1.5} not a count. Jackson converts each
 * of these by default, so {@code {"name": true, "roles": [..]}} created a principal named "true".
 * Refused, the value fails as a type mismatch that {@link JsonBodyFailures} answers with a 400
 * naming the field and the type it must be.
 *
 * <p>Quarkus applies this to the mapper it binds resource parameters with (the admin API's bodies,
 * Trino's policy questions as JSON trees, which no coercion touches); the registry applies it to
 * its own ({@code JsonBodies}), so both refuse alike. Iceberg REST bodies ({@code IcebergJson}) and
 * OpenLineage events ({@code LineageEventParser}) are read by mappers of their own and stay as
 * lenient as their specs ask.
 */
@Singleton
public class StrictScalars implements ObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    refuseCoercion(mapper);
    // A second value after the body ({"name":..}{"name":..}) was dropped unread: one request, one
    // value, as the registry's own bodies have it.
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** {@code mapper}, changed to refuse a scalar of another type than the target's. */
  public static ObjectMapper refuseCoercion(ObjectMapper mapper) {
    // Numbers and booleans from text or from each other, and null for a primitive, which would
    // otherwise read as 0 or false: a value the client never sent.
    mapper.setConfig(
        mapper
            .getDeserializationConfig()
            .without(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES));
    // Jackson counts text as no scalar, so the feature above leaves any number or boolean
    // readable as a string; text takes only a JSON string.
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }
}
