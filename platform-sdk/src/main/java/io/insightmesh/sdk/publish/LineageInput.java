package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A dataset a publish read, as OpenLineage names it: files by their location, product tables by the
 * catalog's Iceberg namespace and {@code <namespace>.<table>}. Columns name what the output's
 * same-named columns were derived from (identity), for column-level lineage.
 */
public record LineageInput(String namespace, String name, List<String> columns) {
  public LineageInput {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
    columns = List.copyOf(columns);
  }

  /** Landing files read from {@code location} (a directory or file path). */
  public static LineageInput files(String location, List<String> columns) {
    return new LineageInput("file", location, columns);
  }
}
