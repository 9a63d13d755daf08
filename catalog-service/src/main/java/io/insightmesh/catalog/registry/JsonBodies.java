package io.insightmesh.catalog.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.insightmesh.catalog.http.JsonBodyFailures;
import io.insightmesh.catalog.http.StrictScalars;

/**
 * Reads request bodies strictly, so a misspelt field is refused instead of silently ignored, and
 * turns Jackson's failures into 400 messages that name the field in the API's words rather than
 * Java's ({@link JsonBodyFailures}).
 */
final class JsonBodies {
  // No coercions either (StrictScalars): 1.5 is not a snapshot id, and 42 is not a description.
  private static final ObjectMapper STRICT =
      StrictScalars.refuseCoercion(
          JsonMapper.builder()
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .build());

  private JsonBodies() {}

  /**
   * The body as {@code type}; {@code null} for an empty body.
   *
   * @throws IllegalArgumentException if the body is not JSON of that shape
   */
  static <T> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return STRICT.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw JsonBodyFailures.invalid(e);
    }
  }
}
