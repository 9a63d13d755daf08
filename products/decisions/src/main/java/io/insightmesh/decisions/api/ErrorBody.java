package io.insightmesh.decisions.api;

import io.insightmesh.decisions.assess.FieldError;
import io.insightmesh.decisions.assess.InvalidClaimException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one JSON error shape of the engine's APIs: code, message and, for claims, the fields. */
final class ErrorBody {
  private ErrorBody() {}

  static Map<String, Object> of(String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return error;
  }

  static Map<String, Object> invalidClaim(InvalidClaimException e) {
    Map<String, Object> error = of("invalid-claim", e.getMessage());
    List<Map<String, String>> fields = e.errors().stream().map(ErrorBody::field).toList();
    error.put("fields", fields);
    return error;
  }

  private static Map<String, String> field(FieldError error) {
    Map<String, String> field = new LinkedHashMap<>();
    field.put("field", error.field());
    field.put("rule", error.rule());
    field.put("message", error.message());
    return field;
  }
}
