package io.insightmesh.sdk.cli;

import static java.util.Objects.requireNonNull;

import io.insightmesh.sdk.MeshException;
import io.insightmesh.sdk.launcher.Launcher;
import io.insightmesh.sdk.launcher.PlatformLayout;
import io.insightmesh.sdk.launcher.Ports;
import io.insightmesh.sdk.publish.CatalogConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code ./mesh}: the one command-line entry point of Insight Mesh. The {@code mesh} script runs it
 * with {@code -Dmesh.home=<checkout>}; {@code ./mesh test} never gets here (the script runs the
 * build itself).
 */
@Command(
    name = "mesh",
    mixinStandardHelpOptions = true,
    versionProvider = MeshCommand.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "Runs Insight Mesh, the data-mesh platform, on this machine.",
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      TokenCommand.class,
      SqlCommand.class,
      ContractCommand.class,
      PublishCommand.class,
      GenerateCommand.class,
      TestCommand.class,
      BenchCommand.class
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  MESH_DATA_DIR       the data directory (default: <checkout>/data)",
      "  MESH_CATALOG_PORT   the catalog service's port (default: 8181)",
      "  MESH_TRINO_PORT     Trino's internal and health port (default: 8080)",
      "  MESH_TRINO_HTTPS_PORT  the port Trino's clients connect to (default: 8443)",
      "  MESH_ENGINE_PORT    the scoring engine's port (default: 8282)",
      "  MESH_REPLAY_PORT    the demo replay's health and progress port (default: 8292)",
      "  MESH_REPLAY_RATE    claims per second the demo replay submits (default: 63)",
      "  MESH_SPARK_MASTER   the Spark master ./mesh publish runs on (default: local[*])",
      "  MESH_REBUILD=1      rebuild the checkout before running the command",
      "",
      "Run ./mesh COMMAND --help for a command's options."
    })
public final class MeshCommand implements Runnable {
  /** The system property the {@code mesh} script sets to the checkout. */
  public static final String HOME_PROPERTY = "mesh.home";

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "The platform's data directory (default: $MESH_DATA_DIR, else <checkout>/data).")
  Path dataDirectory;

  private final Path home;
  private final Map<String, String> environment;

  MeshCommand(Path home, Map<String, String> environment) {
    this.home = requireNonNull(home, "home is null");
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
  }

  public static void main(String[] arguments) {
    // Avro logs through SLF4J, which has no provider on the CLI's classpath and would say so on
    // every run; its own logging (debug only) is of no use to a command-line user.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    Path home = Path.of(System.getProperty(HOME_PROPERTY, "")).toAbsolutePath();
    CommandLine commandLine = commandLine(home, System.getenv());
    // The terminal may claim ASCII; the progress lines and the help are UTF-8 either way.
    commandLine.setOut(
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    commandLine.setErr(
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    System.exit(commandLine.execute(arguments));
  }

  /**
   * The command line for the checkout at {@code home}, reading settings from {@code environment}.
   * Failures the user can act on print their message to stderr and exit 1; usage errors exit 2.
   */
  public static CommandLine commandLine(Path home, Map<String, String> environment) {
    CommandLine commandLine = new CommandLine(new MeshCommand(home, environment));
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          PrintWriter err = failed.getErr();
          if (exception instanceof MeshException) {
            err.println("error: " + exception.getMessage());
          } else if (exception instanceof IllegalArgumentException) {
            // Bad options or input a command only discovers once it reads them: a usage error.
            err.println("error: " + exception.getMessage());
            err.flush();
            return 2;
          } else if (exception instanceof UncheckedIOException io) {
            err.println("error: " + io.getMessage() + ": " + io.getCause().getMessage());
          } else {
            err.println("error: unexpected failure: " + exception);
            exception.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    return commandLine;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command");
  }

  PlatformLayout layout() {
    return PlatformLayout.of(home, Optional.ofNullable(dataDirectory), environment);
  }

  Launcher launcher(PortOptions ports, CommandSpec command) {
    return new Launcher(
        layout(),
        ports(ports),
        environment,
        command.commandLine().getOut(),
        command.commandLine().getErr());
  }

  Ports ports(PortOptions options) {
    return Ports.of(options.requested(), environment);
  }

  Path home() {
    return home;
  }

  /** The Spark master from $MESH_SPARK_MASTER, else {@value CatalogConnection#LOCAL_MASTER}. */
  String sparkMaster() {
    String master = environment.get("MESH_SPARK_MASTER");
    return master == null || master.isBlank() ? CatalogConnection.LOCAL_MASTER : master.strip();
  }

  /** The build's version, from a resource Maven filters. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = MeshCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {
        "Insight Mesh " + properties.getProperty("version", "(unknown version)")
      };
    }
  }
}
