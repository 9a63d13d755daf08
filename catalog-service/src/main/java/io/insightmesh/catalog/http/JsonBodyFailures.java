package io.insightmesh.catalog.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jackson's failures to read a request body, in the API's words: the field as the API names it
 * ({@code owner.team}, {@code fields[2].name}, {@code roles}) and the rule, never Java's types. The
 * bodies a resource parses itself and those Quarkus binds to a parameter read the same.
 */
public final class JsonBodyFailures {
  private JsonBodyFailures() {}

  /** The 400 for {@code failure}, keeping it as the cause. */
  public static IllegalArgumentException invalid(JsonProcessingException failure) {
    // Binding wraps what the parser refused in the field it was reading: the JSON is still broken.
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonParseException parse) {
        return new IllegalArgumentException(
            "Invalid request body: not valid JSON at line "
                + parse.getLocation().getLineNr()
                + ", column "
                + parse.getLocation().getColumnNr(),
            failure);
      }
    }
    if (failure instanceof UnrecognizedPropertyException unknown) {
      Collection<Object> known = unknown.getKnownPropertyIds();
      return new IllegalArgumentException(
          "Invalid field "
              + path(unknown)
              + ": not a field of this request"
              + (known == null
                  ? ""
                  : "; the fields here are "
                      + known.stream().map(String::valueOf).sorted().collect(Collectors.toList())),
          failure);
    }
    if (failure instanceof MismatchedInputException mismatched
        && failure.getOriginalMessage().startsWith("Trailing token")) {
      // Jackson tells this case only by its message; without it the body read "must be an object".
      return new IllegalArgumentException(
          "Invalid request body: more than one JSON value; send exactly one", failure);
    }
    if (failure instanceof MismatchedInputException mismatched) {
      String field = path(mismatched);
      return new IllegalArgumentException(
          field.isEmpty()
              ? "Invalid request body: must be " + body(mismatched.getTargetType())
              : "Invalid " + field + ": must be " + kind(mismatched.getTargetType()),
          failure);
    }
    String field = failure instanceof JsonMappingException mapping ? path(mapping) : "";
    return new IllegalArgumentException(
        "Invalid "
            + (field.isEmpty() ? "request body" : field)
            + ": "
            + failure.getOriginalMessage(),
        failure);
  }

  /** The field's path as the API names it: {@code owner.team}, {@code fields[2].name}. */
  public static String path(JsonMappingException e) {
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

  /** What a whole body must be: most are objects, a few a single value. */
  private static String body(Class<?> type) {
    String kind = kind(type);
    return kind.equals("an object") || kind.equals("a value of another type")
        ? "a JSON object"
        : kind;
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
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
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
