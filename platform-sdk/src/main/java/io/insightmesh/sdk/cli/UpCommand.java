package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.catalog.SeededCredentials;
import io.insightmesh.sdk.demo.DemoProducts;
import io.insightmesh.sdk.launcher.Component;
import io.insightmesh.sdk.launcher.Launcher;
import io.insightmesh.sdk.launcher.PlatformLayout;
import io.insightmesh.sdk.publish.CatalogConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./mesh up}: starts components in the background and waits until they are ready; with no
 * component named, the whole demo platform.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start components of the platform in the background and wait until each is ready"
          + " (at most 120 s). A component that is already running is left alone.",
      "With no COMPONENT, the whole demo platform: catalog, trino, then (into a data directory"
          + " that has none yet) --demo-claims generated claims published as claims.claims and"
          + " profiles.claimant_profiles releases 1.0.0, then engine, then replay, which submits"
          + " those claims to the engine at $MESH_REPLAY_RATE claims/s (default 63) and resumes"
          + " where it stopped. Ends with the URLs and how to sign in.",
      "Logs go to <data-dir>/logs/<component>.log, pid files to <data-dir>/run/, the demo's"
          + " claims and replay position to <data-dir>/demo/."
    })
final class UpCommand implements Callable<Integer> {
  /** The demo's claims are the same on every machine: the generator is deterministic. */
  static final long DEMO_SEED = 1;

  static final String DEMO_VERSION = "1.0.0";

  @ParentCommand MeshCommand mesh;
  @Spec CommandSpec spec;
  @Mixin PortOptions ports;

  @Parameters(
      paramLabel = "COMPONENT",
      arity = "0..*",
      completionCandidates = ComponentNames.class,
      description =
          "Components to start: ${COMPLETION-CANDIDATES} (default: the whole demo platform).")
  List<String> components;

  @Option(
      names = "--demo-claims",
      paramLabel = "N",
      defaultValue = "20000",
      description =
          "How many claims the demo generates (seed 1) and publishes when the data directory has"
              + " no demo yet; default ${DEFAULT-VALUE}.")
  long demoClaims;

  @Option(
      names = "--no-demo",
      description = "Start catalog, trino and engine only: publish nothing, replay nothing.")
  boolean noDemo;

  @Override
  public Integer call() {
    if (demoClaims <= 0) {
      throw new ParameterException(
          spec.commandLine(), "Invalid --demo-claims " + demoClaims + ": must be positive");
    }
    Set<Component> named =
        components == null || components.isEmpty()
            ? Set.of()
            : ComponentNames.parse(components, spec, Set.of());
    Launcher launcher = mesh.launcher(ports, spec);
    // One hold from the first component to the last: a second ./mesh up waits, then finds the demo
    // published, and a ./mesh down cannot come between the demo and the engine's start.
    try (Launcher.Exclusive held = launcher.exclusive()) {
      if (!named.isEmpty()) {
        launcher.up(named);
        return 0;
      }
      PrintWriter out = spec.commandLine().getOut();
      launcher.check(
          noDemo
              ? EnumSet.of(Component.CATALOG, Component.TRINO, Component.ENGINE)
              : EnumSet.allOf(Component.class));
      launcher.up(EnumSet.of(Component.CATALOG, Component.TRINO));
      if (noDemo) {
        launcher.up(EnumSet.of(Component.ENGINE));
        out.println("demo: skipped (--no-demo): no products published, no claims replayed");
      } else {
        publishDemo(launcher, out);
        launcher.up(EnumSet.of(Component.ENGINE, Component.REPLAY));
      }
      summary(launcher, out);
      return 0;
    }
  }

  /**
   * Generates and publishes the demo products unless this data directory has them: the marker is
   * written only after both releases are published, so an interrupted run publishes again (a
   * release already in the catalog is left as it is).
   */
  private void publishDemo(Launcher launcher, PrintWriter out) {
    PlatformLayout layout = launcher.layout();
    if (Files.exists(layout.demoPublished())) {
      progress(out, "products already published (%s); publishing nothing", layout.demoDirectory());
      return;
    }
    progress(
        out, "generating %,d claims (seed %d) into %s", demoClaims, DEMO_SEED, layout.demoClaims());
    DemoProducts.generate(
        layout.demoClaims(), demoClaims, DEMO_SEED, line -> progress(out, "%s", line));
    deleteReplayPosition(layout);
    SeededCredentials credentials = new SeededCredentials(layout.credentialsDirectory());
    URI catalog = Component.CATALOG.baseUri(launcher.port(Component.CATALOG));
    progress(out, "starting Spark on %s", mesh.sparkMaster());
    SparkSession spark =
        new CatalogConnection(
                catalog,
                DemoProducts.CLAIMS_PRINCIPAL,
                credentials.secret(DemoProducts.CLAIMS_PRINCIPAL))
            .spark("mesh-demo", mesh.sparkMaster());
    try {
      new DemoProducts(spark, catalog, credentials::secret, line -> progress(out, "%s", line))
          .publish(layout.demoClaims(), DEMO_VERSION);
    } finally {
      spark.stop();
    }
    try {
      Files.writeString(
          layout.demoPublished(),
          String.format(
              Locale.ROOT,
              "%s and %s %s from %d claims (seed %d), published %s%n",
              DemoProducts.CLAIMS,
              DemoProducts.PROFILES,
              DEMO_VERSION,
              demoClaims,
              DEMO_SEED,
              Instant.now()),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + layout.demoPublished(), e);
    }
  }

  // New claims: a position into an earlier set of claims would skip some of them.
  private static void deleteReplayPosition(PlatformLayout layout) {
    try {
      Files.deleteIfExists(layout.replayPosition());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + layout.replayPosition(), e);
    }
  }

  private void summary(Launcher launcher, PrintWriter out) {
    PlatformLayout layout = launcher.layout();
    URI catalog = Component.CATALOG.baseUri(launcher.port(Component.CATALOG));
    int https = launcher.port(Component.TRINO, Component.TRINO_HTTPS);
    out.println();
    out.println("Insight Mesh is up (data directory " + layout.dataDirectory() + "):");
    out.println("  catalog UI       " + catalog + "/");
    out.println("  Iceberg REST     " + catalog + "/iceberg (warehouse mesh)");
    out.println(
        "  Trino JDBC       jdbc:trino://localhost:"
            + https
            + "/mesh (SSL, accessToken from ./mesh token <principal>; docs/guides/analyst.md)");
    out.println(
        "  scoring engine   "
            + Component.ENGINE.baseUri(launcher.port(Component.ENGINE))
            + " (POST /api/v1/assessments)");
    if (!noDemo) {
      out.println(
          "  replay progress  " + Component.REPLAY.readinessUri(launcher.port(Component.REPLAY)));
    }
    out.println();
    out.println(
        "Sign in to the catalog UI at "
            + catalog
            + "/ with a principal and its secret: Principal analyst, Secret the contents of "
            + layout.credentialsDirectory().resolve("analyst"));
    out.println(
        "  (cat it to copy it; admin, pii-analyst, case-worker, claims-team, ... have a file"
            + " there too and see what their roles allow)");
    out.println("./mesh status shows what runs; ./mesh down stops everything and loses nothing.");
    out.flush();
  }

  private static void progress(PrintWriter out, String format, Object... args) {
    out.printf(Locale.ROOT, "demo: " + format + "%n", args);
    out.flush();
  }
}
