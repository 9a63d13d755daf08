package io.insightmesh.catalog.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the catalog learns who used a product. Keys live under {@code mesh.catalog.usage}.
 *
 * <p>Trino 476's OpenLineage listener names a query by its id but not its user, so the catalog asks
 * the coordinator the query came from ({@code GET /v1/query/<id>}) for the user, while the
 * coordinator still holds the finished query (15 minutes by default).
 */
@ConfigMapping(prefix = "mesh.catalog.usage")
public interface UsageConfig {

  /** The Trino coordinator. */
  Trino trino();

  /** The Trino coordinator asked for the users of its queries. */
  interface Trino {
    /**
     * The coordinator's HTTP URI, such as {@code http://127.0.0.1:8080}. Without it, a Trino
     * query's reads are counted under the Trino server ({@code TRINO} consumers), not under their
     * users.
     */
    Optional<URI> uri();

    /**
     * The OpenLineage namespace the coordinator's listener gives its queries: {@code
     * openlineage-event-listener.namespace}, else its {@code trino.uri} with scheme {@code trino}.
     * Defaults to {@link #uri()} with scheme {@code trino}. Only queries of this namespace are
     * looked up, so an event cannot send the catalog to another host.
     */
    Optional<String> namespace();

    /**
     * The user the catalog asks as ({@code X-Trino-User}). It must be allowed to see other users'
     * queries; with Trino's OPA access control that is the {@code ViewQueryOwnedBy} check.
     */
    @WithDefault("insight-mesh-catalog")
    String user();

    /** How long one lookup may take before the query is counted under its Trino server. */
    @WithDefault("PT5S")
    Duration timeout();
  }
}
