package io.insightmesh.catalog.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.insightmesh.catalog.http.JsonBodyFailures;
import io.insightmesh.catalog.http.StrictJson;

/**
 * Reads the registry's request bodies by the catalog's own rules ({@link StrictJson}): a misspelt
 * field, a value of another type or a second value is refused instead of silently read, and
 * Jackson's failures become 400 messages that name the field in the API's words rather than Java's
 * ({@link JsonBodyFailures}).
 */
final class JsonBodies {
  private static final ObjectMapper STRICT = StrictJson.strict(JsonMapper.builder().build());

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
