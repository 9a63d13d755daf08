package io.insightmesh.catalog.iceberg;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTSerializers;

/**
 * JSON in the Iceberg REST spec's own shapes: Iceberg's request and response classes with the
 * serializers Iceberg registers for its client, so the server cannot drift from the spec.
 */
public final class IcebergJson {
  private static final ObjectMapper MAPPER = create();

  private IcebergJson() {}

  /**
   * Parses and validates a request body.
   *
   * @throws IllegalArgumentException if the body is empty, not JSON, or not a valid request
   */
  public static <T extends RESTRequest> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      throw new IllegalArgumentException(
          "Invalid request body: a " + type.getSimpleName() + " JSON object is required");
    }
    T request;
    try {
      request = MAPPER.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Invalid request body for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
    if (request == null) {
      throw new IllegalArgumentException(
          "Invalid request body: a " + type.getSimpleName() + " JSON object is required");
    }
    request.validate();
    return request;
  }

  /** Serializes a response or error. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(new IOException("Cannot serialize " + value.getClass(), e));
    }
  }

  private static ObjectMapper create() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
    RESTSerializers.registerAll(mapper);
    return mapper;
  }
}
