package io.insightmesh.sdk.cli;

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
  @ParentCommand MeshCommand mesh;
  @Spec CommandSpec spec;
  @Mixin PortOptions ports;

  @Parameters(
      paramLabel = "PRINCIPAL",
      description =
          "admin, analyst, pii-analyst, case-worker, scoring-engine, trino, claims-team,"
              + " profiles-team or risk-team.")
  String principal;

  @Override
  public Integer call() {
    String token = CatalogAccess.of(mesh, ports, spec, principal).token();
    spec.commandLine().getOut().println(token);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
