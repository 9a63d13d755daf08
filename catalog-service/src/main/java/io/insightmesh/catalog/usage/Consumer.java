package io.insightmesh.catalog.usage;

import static java.util.Objects.requireNonNull;

/**
 * Who used a product: a Trino user, a Trino server whose user could not be learned, or a job (a
 * pipeline run by a domain team or the scoring engine).
 *
 * @param kind what the name names
 * @param name the Trino user, the Trino namespace ({@code trino://host:port}) or the job's node id
 *     ({@code job:<namespace>:<name>})
 */
public record Consumer(Kind kind, String name) {
  /** The longest consumer name kept; longer names are cut. */
  static final int MAX_NAME = 1024;

  /** What a consumer's name names. */
  public enum Kind {
    /** A user of Trino: the user its queries ran as. */
    TRINO_USER,
    /** A Trino server whose query's user could not be learned: its OpenLineage namespace. */
    TRINO,
    /** A job that read the product: its lineage node id. */
    JOB
  }

  public Consumer {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    if (name.length() > MAX_NAME) {
      name = name.substring(0, MAX_NAME);
    }
  }

  public static Consumer trinoUser(String user) {
    return new Consumer(Kind.TRINO_USER, user);
  }

  public static Consumer trino(String namespace) {
    return new Consumer(Kind.TRINO, namespace);
  }

  public static Consumer job(String jobNodeId) {
    return new Consumer(Kind.JOB, jobNodeId);
  }
}
