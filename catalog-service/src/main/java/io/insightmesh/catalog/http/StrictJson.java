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
 * How our own APIs read their bodies: only the fields the request has, each only as the type the
 * API declares, and exactly one JSON value. Jackson's defaults drop an unknown field unread,
 * convert {@code 42} or {@code true} to a name and {@code "5"} to a snapshot id, and read {@code
 * {..}{..}} up to its first value; each of these once changed something the client did not ask for
 * (a principal named "true"; the first of two principals created). Refused, each fails as a Jackson
 * exception that {@link JsonBodyFailures} answers with a 400 naming the field and the rule.
 *
 * <p>One rule set, two mappers: Quarkus applies it, as a customizer, to the mapper it binds
 * resource parameters with (the admin API's bodies, Trino's policy questions as JSON trees, which
 * none of it changes); the registry builds its own with {@link #strict} ({@code JsonBodies}).
 * Iceberg REST bodies ({@code IcebergJson}) and OpenLineage events ({@code LineageEventParser}) are
 * read by mappers of their own and stay as lenient as their specs ask: unknown fields are how those
 * specs evolve.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    strict(mapper);
  }

  /** {@code mapper}, changed to read bodies by this class's rules. */
  public static ObjectMapper strict(ObjectMapper mapper) {
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
