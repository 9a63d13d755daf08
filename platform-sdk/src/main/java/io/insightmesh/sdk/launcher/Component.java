package io.insightmesh.sdk.launcher;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.sdk.catalog.SeededCredentials;
import io.insightmesh.sdk.catalog.ServiceTokenClient;
import io.insightmesh.sdk.catalog.TokenClient;
import io.insightmesh.sdk.launcher.HealthProbe.Health;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
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
  CATALOG("catalog", 8181, "catalog-service", "--catalog-port") {
    @Override
    public List<String> readyMessage(int port, Map<String, String> environment) {
      URI base = baseUri(port);
      return List.of(
          id() + " ready at " + base + " (Iceberg REST: " + base + "/iceberg, warehouse mesh)",
          "  get a token with: ./mesh token admin");
    }

    @Override
    List<String> jvmOptions(PlatformLayout layout, Map<String, String> environment) {
      // The catalog asks Trino who ran each query that read a product (Trino's lineage events do
      // not say), over HTTPS with Trino's certificate pinned; Trino makes the certificate on its
      // first start, after the catalog's, and the catalog reads it when it first asks.
      return List.of(
          "-Dmesh.catalog.usage.trino.uri=https://localhost:" + httpsPort(environment),
          "-Dmesh.catalog.usage.trino.certificate="
              + TrinoNode.certificateIn(trinoDirectory(layout)));
    }
  },

  /**
   * Trino, for analysts: reads products through the catalog and asks the catalog's policy for every
   * access decision. Runs from the server {@code infra/trino/install.sh} installs, on Java 25; its
   * port is the internal and health port, clients connect over HTTPS on {@code
   * $MESH_TRINO_HTTPS_PORT} (default 8443).
   */
  TRINO("trino", 8080, null, "--trino-port") {
    @Override
    public List<String> readyMessage(int port, Map<String, String> environment) {
      int https = httpsPort(environment);
      return List.of(
          id()
              + " ready at https://localhost:"
              + https
              + " (JDBC: jdbc:trino://localhost:"
              + https
              + "/mesh, sign in with a catalog token)",
          "  query with: ./mesh sql --user analyst \"SELECT count(*) FROM claims.claims_v1\"");
    }

    @Override
    public Path artifact(PlatformLayout layout, Map<String, String> environment) {
      return TrinoNode.defaultInstallation(environment.get("MESH_CACHE_DIR"))
          .resolve("lib")
          .resolve("io.trino_trino-server-main-" + TrinoNode.VERSION + ".jar");
    }

    @Override
    public String buildHint() {
      return "install it with infra/trino/install.sh (or ./mesh test, which installs it)";
    }

    @Override
    public List<SecondaryPort> secondaryPorts() {
      return List.of(TRINO_HTTPS);
    }

    @Override
    public void requirePrerequisites(Map<String, String> environment) {
      trinoJavaHome(environment);
    }

    @Override
    public List<String> command(
        PlatformLayout layout,
        int port,
        ToIntFunction<Component> ports,
        Map<String, String> environment) {
      Path javaHome = trinoJavaHome(environment);
      TrinoNode node = node(layout, port, ports, environment);
      node.configure();
      return node.command(javaHome);
    }

    @Override
    public Health health(HealthProbe probe, int port) {
      // Trino answers /v1/info while it is still loading plugins and catalogs.
      return probe.check(
          readinessUri(port), body -> body.replace(" ", "").contains("\"starting\":false"));
    }

    @Override
    public URI readinessUri(int port) {
      return URI.create("http://127.0.0.1:" + port + "/v1/info");
    }
  },

  /**
   * The risk domain's scoring engine: assesses every claim and publishes {@code risk.decisions}. It
   * needs the catalog for profiles and the decisions table, but keeps assessing without it.
   */
  ENGINE("engine", 8282, "products/decisions", null) {
    @Override
    List<String> jvmOptions(PlatformLayout layout, Map<String, String> environment) {
      return engineJvmOptions(layout.home(), environment);
    }

    @Override
    public List<String> readyMessage(int port, Map<String, String> environment) {
      URI base = baseUri(port);
      return List.of(
          id() + " ready at " + base + " (assess: POST " + base + "/api/v1/assessments)",
          "  submit claims with a token from: ./mesh token claims-team");
    }
  },

  /**
   * The demo's stream of claims: submits the generated claims in {@link
   * PlatformLayout#demoClaims()} to the engine at {@code $MESH_REPLAY_RATE} claims/s (default
   * {@value #DEFAULT_REPLAY_RATE}, the schemes' real peak), as {@code claims-team}, resuming from
   * {@link PlatformLayout#replayPosition()}. Its port serves only its health and progress.
   */
  REPLAY("replay", 8292, "products/claims", null) {
    @Override
    public List<String> readyMessage(int port, Map<String, String> environment) {
      return List.of(
          id()
              + " ready: submitting the demo claims to the engine at "
              + replayRate(environment)
              + " claims/s (progress: "
              + readinessUri(port)
              + " or ./mesh status)");
    }

    @Override
    public Path artifact(PlatformLayout layout, Map<String, String> environment) {
      return classes(layout).resolve("io/insightmesh/products/claims/replay/ReplayClaims.class");
    }

    @Override
    public List<String> command(
        PlatformLayout layout,
        int port,
        ToIntFunction<Component> ports,
        Map<String, String> environment) {
      Path sdk = layout.home().resolve("platform-sdk").resolve("target");
      return List.of(
          currentJava(),
          "-Xmx256m",
          "-cp",
          classes(layout) + ":" + sdk.resolve("classes") + ":" + sdk.resolve("lib") + "/*",
          "io.insightmesh.products.claims.replay.ReplayClaims",
          "--input",
          layout.demoClaims().toString(),
          "--engine",
          ENGINE.baseUri(ports.applyAsInt(ENGINE)).toString(),
          "--catalog",
          CATALOG.baseUri(ports.applyAsInt(CATALOG)).toString(),
          "--credentials",
          layout.credentialsDirectory().toString(),
          "--position",
          layout.replayPosition().toString(),
          "--rate",
          String.valueOf(replayRate(environment)),
          "--status-port",
          String.valueOf(port));
    }

    @Override
    public URI readinessUri(int port) {
      return URI.create("http://127.0.0.1:" + port + "/health");
    }

    @Override
    public Optional<String> progress(HealthProbe probe, int port) {
      return probe
          .body(readinessUri(port))
          .map(
              body -> {
                try {
                  return JSON.readTree(body).path("summary").asText(null);
                } catch (IOException e) {
                  return null;
                }
              });
    }

    private Path classes(PlatformLayout layout) {
      return layout.home().resolve("products/claims/target/classes");
    }
  };

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The variable naming the demo replay's rate in claims per second. */
  public static final String REPLAY_RATE_VARIABLE = "MESH_REPLAY_RATE";

  /** Claims per second the demo replays at unless {@value #REPLAY_RATE_VARIABLE} says otherwise. */
  public static final int DEFAULT_REPLAY_RATE = 63;

  private final String id;
  private final int defaultPort;
  private final String module;
  private final String portOption;

  /** The variable naming the HTTPS port Trino's clients connect to. */
  public static final String TRINO_HTTPS_PORT_VARIABLE = "MESH_TRINO_HTTPS_PORT";

  /** The variable naming the Java 25 home Trino runs on. */
  public static final String TRINO_JAVA_HOME_VARIABLE = "MESH_TRINO_JAVA_HOME";

  /**
   * The variable naming the scoring engine's heap, e.g. {@code 8g}: its initial and maximum size.
   */
  public static final String ENGINE_HEAP_VARIABLE = "MESH_ENGINE_HEAP";

  /**
   * The variable naming the memory off the heap the scoring engine may keep claims in, e.g. {@code
   * 12g}: the JVM's direct-memory limit, which is the heap's size if unset (ADR 0027).
   */
  public static final String ENGINE_OFF_HEAP_VARIABLE = "MESH_ENGINE_OFF_HEAP";

  /**
   * The variable naming how many event loops the scoring engine answers HTTP on; one per core the
   * launcher may use if unset.
   */
  public static final String ENGINE_EVENT_LOOPS_VARIABLE = "MESH_ENGINE_EVENT_LOOPS";

  /** The JVM option that backs the heap with the kernel's transparent huge pages (madvise). */
  public static final String TRANSPARENT_HUGE_PAGES = "-XX:+UseTransparentHugePages";

  private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

  /** A count of event loops: positive, and short of overflowing Vert.x's int. */
  private static final Pattern EVENT_LOOPS = Pattern.compile("[1-9][0-9]{0,5}");

  /** The variable naming Trino's maximum heap, e.g. {@code 4G}. */
  public static final String TRINO_HEAP_VARIABLE = "MESH_TRINO_HEAP";

  /**
   * A packaged Quarkus service of the checkout's {@code module}, unless the constant says otherwise
   * ({@code module} null); {@code portOption} is the command-line option that moves its port, null
   * if only its {@linkplain #portVariable() variable} does.
   */
  Component(String id, int defaultPort, String module, String portOption) {
    this.id = id;
    this.defaultPort = defaultPort;
    this.module = module;
    this.portOption = portOption;
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

  /**
   * The {@code ./mesh} option that overrides the port, e.g. {@code --catalog-port}; empty for a
   * component only its {@link #portVariable()} moves.
   */
  public Optional<String> portOption() {
    return Optional.ofNullable(portOption);
  }

  /**
   * A port a component binds besides its own, which {@code ./mesh up} checks is free before
   * starting it and records in {@code run/<id>.<name>-port}, so later commands find it without the
   * variable.
   *
   * @param name its name in the file name, e.g. {@code https}
   * @param description what it serves, for messages, e.g. {@code HTTPS}
   * @param variable the environment variable that moves it
   * @param defaultPort where it is unless the variable says otherwise
   */
  public record SecondaryPort(String name, String description, String variable, int defaultPort) {
    public SecondaryPort {
      requireNonNull(name, "name is null");
      requireNonNull(description, "description is null");
      requireNonNull(variable, "variable is null");
    }

    /**
     * The port {@code environment}'s {@link #variable()} asks for, if it is set.
     *
     * @throws IllegalArgumentException if the variable does not hold a port number
     */
    public OptionalInt requested(Map<String, String> environment) {
      String value = environment.get(variable);
      if (value == null || value.isBlank()) {
        return OptionalInt.empty();
      }
      try {
        int port = Integer.parseInt(value.strip());
        if (port >= 1 && port <= 65535) {
          return OptionalInt.of(port);
        }
      } catch (NumberFormatException e) {
        // refused below, as an out-of-range number is
      }
      throw new IllegalArgumentException(
          variable + " must be a port number (1-65535), not '" + value + "'");
    }
  }

  /** Ports the component binds besides its own; most none. */
  public List<SecondaryPort> secondaryPorts() {
    return List.of();
  }

  /**
   * Checks what the component needs besides its {@link #artifact}, before {@code ./mesh up} starts
   * anything: a start that would fail half-way should not leave the components before it running.
   *
   * @throws ComponentStartException if something it needs is missing
   */
  public void requirePrerequisites(Map<String, String> environment) {}

  /** How to get the missing {@link #artifact}, as {@code up} tells the user. */
  public String buildHint() {
    return "build it with ./mvnw -q -B -DskipTests install (or run MESH_REBUILD=1 ./mesh up)";
  }

  /**
   * The build output the component runs from, for the launcher's {@code environment}; {@code up}
   * refuses to start without it.
   */
  public Path artifact(PlatformLayout layout, Map<String, String> environment) {
    return layout
        .home()
        .resolve(module)
        .resolve("target")
        .resolve("quarkus-app")
        .resolve("quarkus-run.jar");
  }

  /**
   * The process to start, listening on {@code port}, after writing whatever configuration it needs;
   * {@code ports} says where the other components listen, {@code environment} is the one it starts
   * with.
   */
  public List<String> command(
      PlatformLayout layout,
      int port,
      ToIntFunction<Component> ports,
      Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    command.add(currentJava());
    command.addAll(jvmOptions(layout, environment));
    command.add("-Dquarkus.http.port=" + port);
    command.add("-jar");
    command.add(artifact(layout, environment).toString());
    return command;
  }

  /**
   * Options for a Quarkus component's JVM besides its port, from the launcher's {@code
   * environment}; none by default.
   */
  List<String> jvmOptions(PlatformLayout layout, Map<String, String> environment) {
    return List.of();
  }

  /** What the running component reports of its progress, for {@code ./mesh status}; most none. */
  public Optional<String> progress(HealthProbe probe, int port) {
    return Optional.empty();
  }

  /**
   * Lines that tell the user where the ready component is and how to use it, for the {@code
   * environment} it was started with.
   */
  public abstract List<String> readyMessage(int port, Map<String, String> environment);

  /** Environment of the started process, on top of the launcher's own. */
  public Map<String, String> environment(PlatformLayout layout) {
    return Map.of(PlatformLayout.DATA_DIRECTORY_VARIABLE, layout.dataDirectory().toString());
  }

  public URI baseUri(int port) {
    return URI.create("http://localhost:" + port);
  }

  /** Whether the component on {@code port} serves requests. */
  public Health health(HealthProbe probe, int port) {
    return probe.check(readinessUri(port));
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

  /**
   * The scoring engine's JVM options besides its port, for the checkout at {@code home} and the
   * launcher's {@code environment}: its {@linkplain #engineHeapOptions heap}, {@linkplain
   * #engineOffHeapOptions memory off it}, {@linkplain #engineVmOptions HotSpot settings} and
   * {@linkplain #engineEventLoopOptions event loops}. The one list every engine gets, from {@code
   * ./mesh up} or a test.
   *
   * @throws IllegalArgumentException if {@code $MESH_ENGINE_HEAP} or {@code $MESH_ENGINE_OFF_HEAP}
   *     is not a memory size or {@code $MESH_ENGINE_EVENT_LOOPS} not a positive whole number
   */
  public static List<String> engineJvmOptions(Path home, Map<String, String> environment) {
    List<String> options = new ArrayList<>(engineHeapOptions(environment));
    options.addAll(engineOffHeapOptions(environment));
    options.addAll(engineVmOptions(home));
    options.addAll(engineEventLoopOptions(environment, Runtime.getRuntime().availableProcessors()));
    return List.copyOf(options);
  }

  /**
   * The scoring engine's event loops: {@code $MESH_ENGINE_EVENT_LOOPS}, else one for each of the
   * {@code cores} the launcher may use, instead of Quarkus's two a core.
   *
   * <p>Nothing the engine runs on an event loop blocks (the decision log, the committer and the
   * search index have threads of their own), so a second loop on a core only takes turns with the
   * first, and each turn costs a switch and a wake-up of its own: on the benchmark's one core, the
   * event loops' waits for the core were spent most of all behind one another (ADR 0016).
   *
   * @throws IllegalArgumentException if the variable is not a positive whole number
   */
  static List<String> engineEventLoopOptions(Map<String, String> environment, int cores) {
    String loops =
        setting(
                environment,
                ENGINE_EVENT_LOOPS_VARIABLE,
                EVENT_LOOPS,
                "a positive whole number of event loops")
            .orElse(Integer.toString(cores));
    return List.of("-Dquarkus.vertx.event-loops-pool-size=" + loops);
  }

  /**
   * The stripped value of {@code variable}, empty when it is unset or blank.
   *
   * @throws IllegalArgumentException naming the variable, what it must be and the value, if the
   *     value does not match {@code rule}
   */
  private static Optional<String> setting(
      Map<String, String> environment, String variable, Pattern rule, String mustBe) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (!rule.matcher(value.strip()).matches()) {
      throw new IllegalArgumentException(variable + " must be " + mustBe + ", not '" + value + "'");
    }
    return Optional.of(value.strip());
  }

  /**
   * The scoring engine's HotSpot settings, both diagnostic options behind one unlock:
   *
   * <ul>
   *   <li>its module's JIT directives file in the checkout at {@code home}, which keeps the
   *       background's Iceberg, Parquet and metadata-parsing code in C1 so that C2 does not compile
   *       it, minutes after start, on the core that answers the claims (ADR 0011);
   *   <li>no safepoint merely because a second has passed ({@code GuaranteedSafepointInterval=0}):
   *       HotSpot otherwise stops every thread about once a second for housekeeping that waits just
   *       as well for the next collection. Under load each such stop held every answer for 1.5-15
   *       ms and, while a background thread at a low priority had to be scheduled first, up to 300
   *       ms: 46-58 stops over 5 ms in two minutes at 6,300 claims/s, 1.0-2.3 s stopped in all (ADR
   *       0014).
   * </ul>
   */
  static List<String> engineVmOptions(Path home) {
    Path directives =
        home.resolve(ENGINE.module).resolve("jvm").resolve("compiler-directives.json");
    return List.of(
        "-XX:+UnlockDiagnosticVMOptions",
        "-XX:CompilerDirectivesFile=" + directives,
        "-XX:GuaranteedSafepointInterval=0");
  }

  /**
   * The scoring engine's heap options: {@code -Xms} and {@code -Xmx} both {@code
   * $MESH_ENGINE_HEAP}, with transparent huge pages and G1's marking started at a fixed {@link
   * #ENGINE_MARKING_OCCUPANCY_PERCENT}, or none (the JVM's defaults) when it is not set.
   *
   * <p>Fixed, because the engine keeps every claim it decided in memory: with the heap committed
   * from the start, G1 measures the engine's growing live data against the whole heap. When the JVM
   * sizes the heap itself it keeps it just above the live data, and every allocation of one of the
   * engine's region-sized chunks then starts a concurrent cycle with its remark pause (145
   * concurrent cycles in a benchmark run at 1,500 claims/s instead of 3).
   *
   * <p>Huge pages, because every claim looks up tables spread over gigabytes (the idempotency map,
   * the search index, the velocity counters): with 4 KB pages nearly each look-up also misses the
   * TLB. {@code EngineHeapProbe}, 1.5 million claims with an 8 GB heap, two runs each: 73.5 and
   * 75.6 µs of CPU a claim without, 56.4 and 62.2 with. Where the kernel offers none ({@code
   * never}) the JVM warns once and runs as before.
   *
   * @throws IllegalArgumentException if the variable is not a size such as {@code 8g} or {@code
   *     8192m}
   */
  static List<String> engineHeapOptions(Map<String, String> environment) {
    Optional<String> setting =
        setting(environment, ENGINE_HEAP_VARIABLE, HEAP_SIZE, "a heap size such as 8g or 8192m");
    if (setting.isEmpty()) {
      return List.of();
    }
    String heap = setting.get();
    return List.of(
        "-Xms" + heap,
        "-Xmx" + heap,
        TRANSPARENT_HUGE_PAGES,
        "-XX:-G1UseAdaptiveIHOP",
        "-XX:InitiatingHeapOccupancyPercent=" + ENGINE_MARKING_OCCUPANCY_PERCENT);
  }

  /**
   * The memory the scoring engine may keep claims in off the heap: {@code -XX:MaxDirectMemorySize}
   * of {@code $MESH_ENGINE_OFF_HEAP}, or none (the heap's size) when it is not set.
   *
   * <p>The claims the engine keeps are in direct buffers (ADR 0027), so that they do not fill the
   * heap and set G1 marking it again and again; their tables and the search index's postings stay
   * on the heap, a fifth of their bytes or less. A heap sized for those can be much smaller than
   * the claims, and then needs this to keep them all.
   *
   * @throws IllegalArgumentException if the variable is not a size such as {@code 12g}
   */
  static List<String> engineOffHeapOptions(Map<String, String> environment) {
    return setting(
            environment, ENGINE_OFF_HEAP_VARIABLE, HEAP_SIZE, "a memory size such as 12g or 12288m")
        .map(size -> List.of("-XX:MaxDirectMemorySize=" + size))
        .orElse(List.of());
  }

  /**
   * The heap occupancy, in percent, at which G1 starts marking the engine's heap (ADR 0020).
   *
   * <p><b>Why fixed, and late.</b> Most of the engine's old generation was what it keeps on purpose
   * (every claim decided), in region-sized chunks that G1 allocates as humongous objects; the
   * claims' bytes are now off the heap (ADR 0027), their tables and postings still on it. Once the
   * old generation passes G1's marking threshold, every such chunk starts a concurrent cycle, and
   * G1's adaptive threshold, which keeps room for the large young generation it wants, sat at about
   * 45 % of the benchmark's 10 GB heap: 206 cycles in one full run, one every 1.5 s at 6,300
   * claims/s, each with a remark pause of about 20 ms and 150-190 ms of marking on the core that
   * answers, and almost nothing to reclaim (a mixed collection freed 0.5 of 6 GB). At 80 % the same
   * run had 4 cycles, all at start, and (c)'s p99 went from 29.1 to 7.9 ms. A heap sized as the
   * operator guide says (three times what stays on it) stays below it; one that reaches it is
   * nearly full, and marking then is what it is for.
   */
  public static final int ENGINE_MARKING_OCCUPANCY_PERCENT = 80;

  /**
   * The demo replay's rate: {@code $MESH_REPLAY_RATE} claims per second, else {@value
   * #DEFAULT_REPLAY_RATE}.
   *
   * @throws IllegalArgumentException if the variable is not a positive number
   */
  public static double replayRate(Map<String, String> environment) {
    String value = environment.get(REPLAY_RATE_VARIABLE);
    if (value == null || value.isBlank()) {
      return DEFAULT_REPLAY_RATE;
    }
    double rate;
    try {
      rate = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      rate = -1;
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(
          REPLAY_RATE_VARIABLE
              + " must be a positive number of claims per second, not '"
              + value
              + "'");
    }
    return rate;
  }

  /** Trino's client port, which the launcher records while Trino runs. */
  public static final SecondaryPort TRINO_HTTPS =
      new SecondaryPort("https", "HTTPS", TRINO_HTTPS_PORT_VARIABLE, 8443);

  /**
   * Trino's client port: {@code $MESH_TRINO_HTTPS_PORT}, else 8443. The launcher sets the variable
   * for the components it starts to the port Trino really runs on.
   *
   * @throws IllegalArgumentException if the variable does not hold a port number
   */
  public static int httpsPort(Map<String, String> environment) {
    return TRINO_HTTPS.requested(environment).orElse(TRINO_HTTPS.defaultPort());
  }

  /** Where {@code ./mesh up} keeps Trino's configuration, keys and data. */
  public static Path trinoDirectory(PlatformLayout layout) {
    return layout.dataDirectory().resolve("trino");
  }

  private static TrinoNode node(
      PlatformLayout layout,
      int port,
      ToIntFunction<Component> ports,
      Map<String, String> environment) {
    URI catalog = CATALOG.baseUri(ports.applyAsInt(CATALOG));
    Path secret = layout.credentialsDirectory().resolve("trino");
    String credential;
    try {
      credential = "trino:" + Files.readString(secret).strip();
    } catch (IOException e) {
      throw new ComponentStartException(
          "trino needs the query engine's credential "
              + secret
              + ", which the catalog seeds on its first start: start the catalog first with"
              + " ./mesh up catalog");
    }
    // One service token per start: the catalog connection signs in with it (no token request per
    // metadata call) and the lineage listener sends it.
    String serviceToken = serviceToken(layout, catalog);
    return TrinoNode.of(
            TrinoNode.defaultInstallation(environment.get("MESH_CACHE_DIR")),
            trinoDirectory(layout),
            port,
            httpsPort(environment),
            catalog,
            credential,
            environment.getOrDefault(TRINO_HEAP_VARIABLE, "2G"))
        .withCatalogToken(serviceToken)
        .withLineage(new TrinoNode.Lineage(catalog, serviceToken))
        .withObjectStorage(objectStorage(environment));
  }

  /**
   * A fresh service token of the query engine's principal for the catalog connection and the
   * OpenLineage listener, issued with the seeded admin's credentials; each start issues a new one,
   * so none outlives its server by more than {@link #SERVICE_TOKEN_LIFETIME}.
   */
  private static String serviceToken(PlatformLayout layout, URI catalog) {
    SeededCredentials credentials = new SeededCredentials(layout.credentialsDirectory());
    try {
      String admin =
          TokenClient.forCatalog(catalog).token("admin", credentials.secret("admin"), "catalog");
      return new ServiceTokenClient(
              HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), catalog)
          .issue(admin, "trino", SERVICE_TOKEN_LIFETIME);
    } catch (RuntimeException e) {
      throw new ComponentStartException(
          "trino needs a service token for its catalog connection and lineage listener, issued"
              + " by the catalog with the seeded admin's credentials: "
              + e.getMessage());
    }
  }

  private static ObjectStorage objectStorage(Map<String, String> environment) {
    try {
      return ObjectStorage.fromEnvironment(environment).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new ComponentStartException("trino cannot reach the warehouse: " + e.getMessage());
    }
  }

  /**
   * How long Trino's service token lives: a server running longer loses the catalog (its queries
   * fail) and stops reporting usage until it is restarted with a new one.
   */
  static final Duration SERVICE_TOKEN_LIFETIME = Duration.ofDays(90);

  /**
   * The Java 25 home Trino runs on, checked before anything is configured: otherwise the process
   * fails to exec and the launcher can only report that Trino exited while starting.
   *
   * @throws ComponentStartException if it has no {@code bin/java}
   */
  static Path trinoJavaHome(Map<String, String> environment) {
    String configured = environment.get(TRINO_JAVA_HOME_VARIABLE);
    Path home =
        configured == null || configured.isBlank()
            ? TrinoNode.DEFAULT_JAVA_HOME
            : Path.of(configured);
    Path java = home.resolve("bin").resolve("java");
    if (!Files.isExecutable(java)) {
      throw new ComponentStartException(
          "trino needs Java 25 and there is no "
              + java
              + "; install a Java 25 JDK there or name its home in "
              + TRINO_JAVA_HOME_VARIABLE);
    }
    return home;
  }

  // The launcher's own JDK: the build and the CLI already run on it.
  private static String currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
