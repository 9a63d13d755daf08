package io.insightmesh.catalog.registry;

import java.util.List;

/**
 * The body of a registration ({@code POST /api/v1/products}) or an update ({@code PUT
 * /api/v1/products/{id}}), as sent. Any part may be missing or malformed here; {@link
 * ProductRegistry} checks every one and names the first that breaks a rule.
 *
 * @param domain the product's domain; on an update optional, and then equal to the path's
 * @param name the product's name within its domain; on an update optional, as {@code domain}
 * @param tags search and grouping labels, each {@code [a-z0-9-]{1,40}}, at most 20
 * @param classification {@code PII} or {@code NON_PII}
 * @param freshnessSla an ISO-8601 duration such as {@code PT1H}: the oldest the newest data may be
 * @param contractVersion the current contract's semantic version, {@code MAJOR.MINOR.PATCH}
 * @param icebergTable the product's Iceberg table, {@code <namespace>.<table>}, inside the domain
 * @param fields the fields the owner declares, optional; the table's own schema is read as well
 */
public record ProductRequest(
    String domain,
    String name,
    OwnerRequest owner,
    String description,
    List<String> tags,
    String classification,
    String freshnessSla,
    String contractVersion,
    String icebergTable,
    List<FieldRequest> fields) {

  /** The owning team and its contact e-mail address. */
  public record OwnerRequest(String team, String contact) {}

  /** A declared field: dotted name for nested fields, documentation, optional PII tag. */
  public record FieldRequest(String name, String doc, String pii) {}
}
