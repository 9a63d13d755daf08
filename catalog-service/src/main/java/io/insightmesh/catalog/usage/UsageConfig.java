package io.insightmesh.catalog.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
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
     * The coordinator's client URI, such as {@code https://localhost:8443}. Without it, a Trino
     * query's reads are counted under the Trino server ({@code TRINO} consumers), not under their
     * users. Over HTTPS the catalog signs in with a token it issues itself for {@link #user()}.
     */
    Optional<URI> uri();

    /**
     * The coordinator's certificate (PEM), trusted for {@link #uri()} over HTTPS in place of the
     * JDK's authorities: the platform's Trino certificate is self-signed. Read when first needed,
     * since {@code ./mesh up} starts Trino, which makes it, after the catalog.
     */
    Optional<Path> certificate();

    /**
     * The OpenLineage namespace the coordinator's listener gives its queries: {@code
     * openlineage-event-listener.namespace}, else its {@code trino.uri} with scheme {@code trino}.
     * Defaults to {@link #uri()} with scheme {@code trino}. Only queries of this namespace are
     * looked up, so an event cannot send the catalog to another host.
     */
    Optional<String> namespace();

    /**
     * The principal the catalog asks as: a token the catalog issues for it (with its roles in the
     * principal store) over HTTPS, {@code X-Trino-User} over HTTP. It must be allowed to see other
     * users' queries, which the catalog's policy ({@code ViewQueryOwnedBy}) allows admins only.
     */
    @WithDefault("admin")
    String user();

    /** How long one lookup may take before the query is counted under its Trino server. */
    @WithDefault("PT5S")
    Duration timeout();
  }
}
