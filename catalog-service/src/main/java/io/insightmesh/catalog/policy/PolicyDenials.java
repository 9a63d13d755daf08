package io.insightmesh.catalog.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.insightmesh.catalog.security.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Puts what Trino was refused in the audit log beside the API's denials: the user, the operation
 * ({@code trino.SelectFromColumns}) and what it named ({@code iceberg.claims.claims_v1}), never a
 * value. Only single questions are recorded: a listing Trino filters (the tables of a schema) hides
 * what a user may not see and refuses nothing.
 */
@ApplicationScoped
public class PolicyDenials {
  private final AuditLog audit;
  private final MeterRegistry metrics;

  public PolicyDenials(AuditLog audit, MeterRegistry metrics) {
    this.audit = audit;
    this.metrics = metrics;
  }

  /**
   * Records that {@code user} was refused {@code action}. Blocks on the store. The refusal stands
   * whatever happens here, so an entry the store refuses is kept in the log as the API's writes'
   * are.
   */
  void record(String user, JsonNode action) {
    String operation = "trino." + action.path("operation").asText("unknown");
    String target = target(action);
    metrics.counter("mesh.catalog.denials", "action", operation).increment();
    audit.recordOrKeepInLog(
        UUID.randomUUID().toString(),
        user.isEmpty() ? "(no user)" : user,
        operation,
        target,
        AuditLog.Outcome.DENIED,
        "Trino's access control");
  }

  /**
   * What the operation named, as Trino spells it: {@code catalog.schema.table}, a schema, a
   * catalog, a user or a property; a rename adds its target after an arrow.
   */
  static String target(JsonNode action) {
    String target = describe(action.path("resource"));
    JsonNode renamed = action.path("targetResource");
    return renamed.isMissingNode() ? target : target + " -> " + describe(renamed);
  }

  private static String describe(JsonNode resource) {
    JsonNode table = resource.path("table");
    if (!table.isMissingNode()) {
      return join(table.path("catalogName"), table.path("schemaName"), table.path("tableName"));
    }
    JsonNode schema = resource.path("schema");
    if (!schema.isMissingNode()) {
      return join(schema.path("catalogName"), schema.path("schemaName"));
    }
    JsonNode function = resource.path("function");
    if (!function.isMissingNode()) {
      return join(
          function.path("catalogName"), function.path("schemaName"), function.path("functionName"));
    }
    for (String named : List.of("catalog", "systemSessionProperty", "catalogSessionProperty")) {
      JsonNode node = resource.path(named);
      if (!node.isMissingNode()) {
        return join(node.path("catalogName"), node.path("name"), node.path("propertyName"));
      }
    }
    JsonNode user = resource.path("user");
    if (!user.isMissingNode()) {
      return "user " + user.path("user").asText(user.asText(""));
    }
    return "";
  }

  private static String join(JsonNode... parts) {
    List<String> names = new ArrayList<>();
    for (JsonNode part : parts) {
      if (part.isTextual() && !part.asText().isEmpty()) {
        names.add(part.asText());
      }
    }
    return String.join(".", names);
  }
}
