package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.catalog.CatalogNotRunningException;
import io.insightmesh.sdk.catalog.SeededCredentials;
import io.insightmesh.sdk.catalog.TokenClient;
import io.insightmesh.sdk.launcher.Component;
import io.insightmesh.sdk.launcher.HealthProbe;
import io.insightmesh.sdk.launcher.HealthProbe.Health;
import io.insightmesh.sdk.launcher.Launcher;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./mesh token}: an access token for a principal the embedded catalog seeded. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Print an access token for PRINCIPAL from the running catalog's OAuth2 issuer, alone on the"
          + " last line, e.g. TOKEN=$(./mesh token analyst | tail -n 1).",
      "The client secret is read from <data-dir>/catalog/credentials/PRINCIPAL, seeded by the"
          + " catalog on first start."
    })
final class TokenCommand implements Callable<Integer> {
  private static final String SCOPE = "catalog";

  @ParentCommand MeshCommand mesh;
  @Spec CommandSpec spec;
  @Mixin PortOptions ports;

  @Parameters(
      paramLabel = "PRINCIPAL",
      description =
          "admin, analyst, pii-analyst, case-worker, scoring-engine, claims-team, profiles-team"
              + " or risk-team.")
  String principal;

  @Override
  public Integer call() {
    Launcher launcher = mesh.launcher(ports, spec);
    int port = launcher.port(Component.CATALOG);
    SeededCredentials credentials = new SeededCredentials(launcher.layout().credentialsDirectory());
    // No credentials at all usually means the catalog never ran here: say that, not "unknown".
    if (!credentials.exist()
        && new HealthProbe().check(Component.CATALOG.readinessUri(port)) == Health.DOWN) {
      throw new CatalogNotRunningException(
          "the catalog is not running; start it with ./mesh up catalog");
    }
    String secret = credentials.secret(principal);
    String token =
        TokenClient.forCatalog(Component.CATALOG.baseUri(port)).token(principal, secret, SCOPE);
    spec.commandLine().getOut().println(token);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
