package io.insightmesh.sdk.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A part of the platform that {@code ./mesh up} runs as a background process. The constants are in
 * start order: later components may depend on earlier ones, so {@code down} stops them in reverse.
 *
 * <p>Adding a component means adding a constant: its name, port and module (whose packaged Quarkus
 * service it runs), and what to tell the user once it is ready.
 */
public enum Component {
  /** The catalog service: Iceberg REST catalog, product registry, lineage, access policy, UI. */
  CATALOG("catalog", 8181, "catalog-service") {
    @Override
    public List<String> readyMessage(int port) {
      URI base = baseUri(port);
      return List.of(
          id() + " ready at " + base + " (Iceberg REST: " + base + "/iceberg, warehouse mesh)",
          "  get a token with: ./mesh token admin");
    }
  },

  /**
   * The risk domain's scoring engine: assesses every claim and publishes {@code risk.decisions}. It
   * needs the catalog for profiles and the decisions table, but keeps assessing without it.
   */
  ENGINE("engine", 8282, "products/decisions") {
    @Override
    public List<String> readyMessage(int port) {
      URI base = baseUri(port);
      return List.of(
          id() + " ready at " + base + " (assess: POST " + base + "/api/v1/assessments)",
          "  submit claims with a token from: ./mesh token claims-team");
    }
  };

  private final String id;
  private final int defaultPort;
  private final String module;

  /** Every component is a packaged Quarkus service of the checkout's {@code module}. */
  Component(String id, int defaultPort, String module) {
    this.id = id;
    this.defaultPort = defaultPort;
    this.module = module;
  }

  /** The component's name on the command line and in file names, e.g. {@code catalog}. */
  public String id() {
    return id;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** The environment variable that overrides the port, e.g. {@code MESH_CATALOG_PORT}. */
  public String portVariable() {
    return "MESH_" + name() + "_PORT";
  }

  /** The build output the component runs from; {@code up} refuses to start without it. */
  public Path artifact(PlatformLayout layout) {
    return layout
        .home()
        .resolve(module)
        .resolve("target")
        .resolve("quarkus-app")
        .resolve("quarkus-run.jar");
  }

  /** The process to start, listening on {@code port}. */
  public List<String> command(PlatformLayout layout, int port) {
    return List.of(
        currentJava(), "-Dquarkus.http.port=" + port, "-jar", artifact(layout).toString());
  }

  /** Lines that tell the user where the ready component is and how to use it. */
  public abstract List<String> readyMessage(int port);

  /** Environment of the started process, on top of the launcher's own. */
  public Map<String, String> environment(PlatformLayout layout) {
    return Map.of(PlatformLayout.DATA_DIRECTORY_VARIABLE, layout.dataDirectory().toString());
  }

  public URI baseUri(int port) {
    return URI.create("http://localhost:" + port);
  }

  /** Answers 200 once the component serves requests. */
  public URI readinessUri(int port) {
    return URI.create(baseUri(port) + "/q/health/ready");
  }

  /**
   * The component named {@code id}.
   *
   * @throws IllegalArgumentException if no component has that name; the message lists the known
   *     ones
   */
  public static Component parse(String id) {
    String wanted = id.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(component -> component.id.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown component '" + id + "'; known components: " + knownIds()));
  }

  /** The known component names, comma-separated, in start order. */
  public static String knownIds() {
    return Arrays.stream(values()).map(Component::id).collect(Collectors.joining(", "));
  }

  // The launcher's own JDK: the build and the CLI already run on it.
  private static String currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
