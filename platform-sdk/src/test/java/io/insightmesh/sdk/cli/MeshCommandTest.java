package io.insightmesh.sdk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.insightmesh.sdk.launcher.Component;
import io.insightmesh.sdk.launcher.TestCheckouts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user runs it: arguments in, exit code and text out. */
class MeshCommandTest {
  @TempDir Path home;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private HttpServer tokenEndpoint;

  @AfterEach
  void stopTokenEndpoint() {
    if (tokenEndpoint != null) {
      tokenEndpoint.stop(0);
    }
  }

  @AfterEach
  void stopWhatUpStarted() {
    run(Map.of(), "down");
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(run(Map.of(), "--help")).isZero();

    assertThat(out.toString())
        .contains(
            "up ",
            "down ",
            "status ",
            "token ",
            "contract ",
            "publish ",
            "generate ",
            "test ",
            "bench ");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command :
        List.of(
            "up", "down", "status", "token", "contract", "publish", "generate", "test", "bench")) {
      assertThat(run(Map.of(), command, "--help")).as(command).isZero();
      assertThat(out.toString()).contains("Usage: mesh " + command);
    }
  }

  @Test
  void everyPortOptionThatAdviceNamesIsOneUpAndStatusAccept() {
    for (String command : List.of("up", "status")) {
      assertThat(run(Map.of(), command, "--help")).isZero();
      for (Component component : Component.values()) {
        component
            .portOption()
            .ifPresent(option -> assertThat(out.toString()).as(command).contains(option + "=PORT"));
      }
    }
    assertThat(Component.ENGINE.portOption()).isEmpty();
  }

  @Test
  void publishRunsLocallyUnlessTheOptionOrTheEnvironmentNamesASparkMaster() {
    assertThat(new MeshCommand(home, Map.of()).sparkMaster()).isEqualTo("local[*]");
    assertThat(
            new MeshCommand(home, Map.of("MESH_SPARK_MASTER", "spark://spark-master:7077"))
                .sparkMaster())
        .isEqualTo("spark://spark-master:7077");

    assertThat(run(Map.of(), "publish", "--help")).isZero();

    assertThat(out.toString()).contains("--master=URL", "$MESH_SPARK_MASTER");
  }

  @Test
  void publishNamesABadOptionBeforeStartingAnything() throws IOException {
    String input = Files.createDirectories(home.resolve("landing")).toString();
    Map<List<String>, String> refusals =
        Map.of(
            List.of("--input", home.resolve("nope").toString()),
            "Invalid option --input: " + home.resolve("nope"),
            List.of("--input", input, "--format", "xml"),
            "Invalid option --format 'xml': must be one of json, parquet, avro, csv",
            List.of("--input", input, "--mode", "merge"),
            "Invalid option --mode 'merge': must be overwrite or append",
            List.of("--input", input, "--version", "2.0.0"),
            "Invalid version '2.0.0': risk.decisions 1.1.0 publishes to table risk.decisions_v1,"
                + " and a MAJOR version is a new table");

    refusals.forEach(
        (options, refusal) -> {
          List<String> arguments = new java.util.ArrayList<>(List.of("publish", "risk.decisions"));
          arguments.addAll(options);
          assertThat(run(Map.of(), arguments.toArray(String[]::new)))
              .as("%s", options)
              .isEqualTo(2);
          assertThat(err.toString()).as("%s", options).contains(refusal);
        });
    assertThat(out.toString()).doesNotContain("starting Spark");
  }

  @Test
  void statusOfAStoppedPlatformExitsZero() {
    int port = TestCheckouts.freePort();

    assertThat(run(Map.of(), "status", "--catalog-port", String.valueOf(port))).isZero();

    assertThat(out.toString())
        .containsPattern("catalog +stopped +- +http://localhost:" + port + " +DOWN");
  }

  @Test
  void sqlWithTrinoDownSaysSoAndExitsThree() {
    int port = TestCheckouts.freePort();

    assertThat(run(Map.of(), "sql", "--trino-port", String.valueOf(port), "SELECT 1")).isEqualTo(3);

    assertThat(err.toString()).contains("trino is not running; start it with ./mesh up");
  }

  @Test
  void downWithNothingRunningExitsZero() {
    assertThat(run(Map.of(), "down")).isZero();

    assertThat(out.toString())
        .contains("nothing to stop")
        .contains(home.resolve("data").toString());
  }

  @Test
  void dataDirectoryComesFromTheOptionBeforeOrAfterTheCommandElseTheEnvironment() {
    Path fromEnvironment = home.resolve("from-environment");
    Path fromOption = home.resolve("from-option");
    Map<String, String> environment = Map.of("MESH_DATA_DIR", fromEnvironment.toString());

    run(environment, "down");
    assertThat(out.toString()).contains("(data directory " + fromEnvironment + ")");
    run(environment, "down", "--data-dir", fromOption.toString());
    assertThat(out.toString()).contains("(data directory " + fromOption + ")");
    run(environment, "--data-dir", fromOption + "-first", "down");
    assertThat(out.toString()).contains("(data directory " + fromOption + "-first)");
  }

  @Test
  void downNamesTheUnknownComponentAndStopsNothing() {
    assertThat(run(Map.of(), "down", "trino", "trinno")).isEqualTo(2);

    assertThat(err.toString()).contains("unknown component 'trinno'; known components: catalog");
    assertThat(out.toString()).doesNotContain("nothing to stop");
  }

  @Test
  void upNamesTheUnknownComponentAndTheKnownOnes() {
    assertThat(run(Map.of(), "up", "catalgo")).isEqualTo(2);

    assertThat(err.toString()).contains("unknown component 'catalgo'; known components: catalog");
  }

  @Test
  void badPortVariableIsNamed() {
    assertThat(run(Map.of("MESH_CATALOG_PORT", "eighty"), "status")).isEqualTo(1);

    assertThat(err.toString())
        .contains("error: MESH_CATALOG_PORT must be a port number (1-65535), not 'eighty'");
  }

  @Test
  void tokenForAnUnknownPrincipalListsTheKnownOnes() throws IOException {
    seedCredentials(Map.of("admin", "admin-secret", "analyst", "analyst-secret"));

    assertThat(run(Map.of(), "token", "mallory")).isEqualTo(1);

    assertThat(err.toString())
        .contains("error: unknown principal 'mallory'")
        .contains(home.resolve("data/catalog/credentials/mallory").toString())
        .contains("known principals: admin, analyst");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void tokenWhenTheCatalogIsNotRunning() {
    int port = TestCheckouts.freePort();

    assertThat(run(Map.of(), "token", "admin", "--catalog-port", String.valueOf(port)))
        .isEqualTo(1);

    assertThat(err.toString())
        .contains("error: the catalog is not running; start it with ./mesh up catalog");
  }

  @Test
  void tokenWithCredentialsButNoCatalogAnswering() throws IOException {
    seedCredentials(Map.of("admin", "admin-secret"));
    int port = TestCheckouts.freePort();

    assertThat(run(Map.of(), "token", "admin", "--catalog-port", String.valueOf(port)))
        .isEqualTo(1);

    assertThat(err.toString())
        .contains("error: the catalog is not running; start it with ./mesh up catalog")
        .contains("http://localhost:" + port + "/oauth/token");
  }

  @Test
  void tokenPrintsTheTokenAloneOnTheLastLine() throws IOException {
    seedCredentials(Map.of("analyst", "analyst-secret"));
    AtomicReference<String> form = new AtomicReference<>();
    int port =
        startTokenEndpoint(
            body -> {
              form.set(body);
              return new Response(
                  200, "{\"access_token\":\"eyJ.token\",\"token_type\":\"bearer\"}");
            });

    assertThat(run(Map.of("MESH_CATALOG_PORT", String.valueOf(port)), "token", "analyst")).isZero();

    assertThat(out.toString().lines().reduce((first, second) -> second)).hasValue("eyJ.token");
    assertThat(form.get())
        .isEqualTo(
            "grant_type=client_credentials&client_id=analyst&client_secret=analyst-secret"
                + "&scope=catalog");
  }

  @Test
  void tokenRefusedByTheIssuerShowsStatusAndReason() throws IOException {
    seedCredentials(Map.of("admin", "stale-secret"));
    int port =
        startTokenEndpoint(
            body ->
                new Response(
                    401,
                    "{\"error\":\"invalid_client\",\"error_description\":\"client authentication"
                        + " failed\"}"));

    assertThat(run(Map.of(), "token", "admin", "--catalog-port", String.valueOf(port)))
        .isEqualTo(1);

    assertThat(err.toString())
        .contains(
            "error: token request for admin failed: HTTP 401: invalid_client: client"
                + " authentication failed");
    assertThat(err.toString()).doesNotContain("stale-secret");
  }

  @Test
  void testBenchAndGenerateAreRunByTheScript() {
    for (String command : List.of("test", "bench", "generate")) {
      assertThat(run(Map.of(), command)).as(command).isEqualTo(1);

      assertThat(err.toString()).contains("run " + home.resolve("mesh") + " " + command);
    }
  }

  @Test
  void upWithoutJava25ForTrinoSaysWhereItLookedAndStartsNothing() {
    TestCheckouts.withFakeCatalog(home);
    Map<String, String> environment = new HashMap<>(everyPortFree());
    environment.putAll(TestCheckouts.withFakeTrino(home.resolve("trino-install")));
    environment.put("MESH_TRINO_JAVA_HOME", home.resolve("no-jdk").toString());

    assertThat(run(environment, "up")).isEqualTo(1);

    assertThat(err.toString())
        .contains(
            "error: trino needs Java 25 and there is no "
                + home.resolve("no-jdk/bin/java")
                + "; install a Java 25 JDK there or name its home in MESH_TRINO_JAVA_HOME");
    assertThat(out.toString()).doesNotContain("starting catalog");
    assertThat(home.resolve("data/run/catalog.pid")).doesNotExist();
  }

  @Test
  void aLaterUpWithoutTheVariableStillPrintsTheHttpsPortTrinoRunsOn() {
    TestCheckouts.withFakeEngine(TestCheckouts.withFakeCatalog(home));
    Map<String, String> environment = new HashMap<>(everyPortFree());
    environment.putAll(TestCheckouts.withFakeTrino(home.resolve("trino-install")));
    String https = environment.remove("MESH_TRINO_HTTPS_PORT");
    Map<String, String> withHttps = new HashMap<>(environment);
    withHttps.put("MESH_TRINO_HTTPS_PORT", https);
    assertThat(run(withHttps, "up", "--no-demo")).as(err.toString()).isZero();
    int later = out.toString().length();

    assertThat(run(environment, "up", "--no-demo")).as(err.toString()).isZero();

    assertThat(out.toString().substring(later))
        .contains("trino is already running")
        .contains("Trino JDBC       jdbc:trino://localhost:" + https + "/mesh");
  }

  /** Every port ./mesh up binds, on ports nothing listens on: never the defaults. */
  private static Map<String, String> everyPortFree() {
    Map<String, String> ports = new HashMap<>();
    for (String variable :
        List.of(
            "MESH_CATALOG_PORT",
            "MESH_TRINO_PORT",
            "MESH_TRINO_HTTPS_PORT",
            "MESH_ENGINE_PORT",
            "MESH_REPLAY_PORT")) {
      ports.put(variable, String.valueOf(TestCheckouts.freePort()));
    }
    return ports;
  }

  private int run(Map<String, String> environment, String... arguments) {
    CommandLine commandLine = MeshCommand.commandLine(home, environment);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(arguments);
  }

  private void seedCredentials(Map<String, String> secrets) throws IOException {
    Path directory = Files.createDirectories(home.resolve("data/catalog/credentials"));
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      Files.writeString(directory.resolve(secret.getKey()), secret.getValue() + "\n");
    }
  }

  private record Response(int status, String json) {}

  private interface Issuer {
    Response answer(String form);
  }

  private int startTokenEndpoint(Issuer issuer) throws IOException {
    tokenEndpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tokenEndpoint.createContext(
        "/oauth/token",
        exchange -> {
          Response response =
              issuer.answer(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = response.json().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(response.status(), body.length);
          try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
          }
        });
    tokenEndpoint.start();
    return tokenEndpoint.getAddress().getPort();
  }
}
