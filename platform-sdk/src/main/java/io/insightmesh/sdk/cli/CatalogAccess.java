package io.insightmesh.sdk.cli;

import static java.util.Objects.requireNonNull;

import io.insightmesh.sdk.catalog.CatalogNotRunningException;
import io.insightmesh.sdk.catalog.SeededCredentials;
import io.insightmesh.sdk.catalog.TokenClient;
import io.insightmesh.sdk.launcher.Component;
import io.insightmesh.sdk.launcher.HealthProbe;
import io.insightmesh.sdk.launcher.HealthProbe.Health;
import io.insightmesh.sdk.launcher.Launcher;
import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The running catalog as one of the principals the embedded catalog seeded sees it: its address and
 * a fresh access token, from the client secret in {@code <data-dir>/catalog/credentials}.
 */
record CatalogAccess(URI catalog, String token) {
  private static final String SCOPE = "catalog";

  CatalogAccess {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(token, "token is null");
  }

  static CatalogAccess of(
      MeshCommand mesh, PortOptions ports, CommandSpec command, String principal) {
    Launcher launcher = mesh.launcher(ports, command);
    int port = launcher.port(Component.CATALOG);
    SeededCredentials credentials = new SeededCredentials(launcher.layout().credentialsDirectory());
    // No credentials at all usually means the catalog never ran here: say that, not "unknown".
    if (!credentials.exist()
        && new HealthProbe().check(Component.CATALOG.readinessUri(port)) == Health.DOWN) {
      throw new CatalogNotRunningException(
          "the catalog is not running; start it with ./mesh up catalog");
    }
    String secret = credentials.secret(principal);
    URI catalog = Component.CATALOG.baseUri(port);
    return new CatalogAccess(
        catalog, TokenClient.forCatalog(catalog).token(principal, secret, SCOPE));
  }
}
