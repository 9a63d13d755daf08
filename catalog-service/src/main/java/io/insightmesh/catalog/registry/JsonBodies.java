package io.insightmesh.catalog.registry;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies strictly, so a misspelt field is refused instead of silently ignored, and
 * turns Jackson's failures into 400 messages that name the field in the API's words rather than
 * Java's.
 */
final class JsonBodies {
  // No coercions either: 1.5 is not a snapshot id, and 42 is not a description.
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              config ->
                  config
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

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
    } catch (UnrecognizedPropertyException e) {
      String field = path(e);
      Collection<Object> known = e.getKnownPropertyIds();
      throw new IllegalArgumentException(
          "Invalid field "
              + field
              + ": not a field of this request"
              + (known == null
                  ? ""
                  : "; the fields here are "
                      + known.stream().map(String::valueOf).sorted().collect(Collectors.toList())),
          e);
    } catch (MismatchedInputException e) {
      String field = path(e);
      throw new IllegalArgumentException(
          field.isEmpty()
              ? "Invalid request body: must be a JSON object"
              : "Invalid " + field + ": must be " + kind(e.getTargetType()),
          e);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          "Invalid request body: not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr(),
          e);
    } catch (JsonProcessingException e) {
      String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
      throw new IllegalArgumentException(
          "Invalid " + (field.isEmpty() ? "request body" : field) + ": " + e.getOriginalMessage(),
          e);
    }
  }

  /** The field's path as the API names it: {@code owner.team}, {@code fields[2].name}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String kind(Class<?> type) {
    if (type == null) {
      return "a value of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "an integer";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (JsonNode.class.isAssignableFrom(type)) {
      return "JSON";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a value of another type";
  }
}
