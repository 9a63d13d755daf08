package io.insightmesh.decisions.api;

import io.insightmesh.contracts.claims.Claim;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A claim as the case workers' API shows it: every field of the claims contract under its contract
 * name, absent optional fields as null. Case workers are entitled to the personal data in it.
 */
final class ClaimView {
  private ClaimView() {}

  static Map<String, Object> of(Claim claim) {
    Map<String, Object> view = new LinkedHashMap<>();
    for (Schema.Field field : Claim.getClassSchema().getFields()) {
      Object value = claim.get(field.pos());
      // Times, dates and enums as their ISO/symbol text; amounts as exact decimal numbers.
      view.put(
          field.name(),
          value == null || value instanceof BigDecimal || value instanceof Number
              ? value
              : value.toString());
    }
    return view;
  }
}
