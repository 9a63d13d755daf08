package io.insightmesh.sdk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.insightmesh.sdk.contract.ChangeRule;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code ./mesh contract check} as a user runs it: files or a product in, exit code and text out.
 */
class ContractCommandTest {
  private static final String MAJOR_REPORT =
      """
      classification: MAJOR
      MAJOR nino: pii-tag-removed — pii tag nino removed: the value would no longer be masked
      MAJOR amount: decimal-scale-changed — decimal(12,2) → decimal(12,3)
      MAJOR address.postcode: remove-field — required string field removed
      MAJOR features{}.score: narrow-type — float → int
      PATCH (root): doc-changed — doc of record Claim changed
      """;

  @TempDir Path home;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private HttpServer catalog;
  private Path previous;
  private Path minor;
  private Path major;

  @BeforeEach
  void samples() throws URISyntaxException {
    previous = sample("claims-1.2.0.avsc");
    minor = sample("claims-1.3.0.avsc");
    major = sample("claims-2.0.0.avsc");
  }

  @AfterEach
  void stopCatalog() {
    if (catalog != null) {
      catalog.stop(0);
    }
  }

  @Test
  void contractAndItsCommandsHaveHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("contract ");

    assertThat(run("contract", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: mesh contract", "check ", "rules ");

    assertThat(run("contract", "check", "--help")).isZero();
    assertThat(out.toString())
        .contains(
            "Usage: mesh contract check [OPTIONS] PREVIOUS.avsc PROPOSED.avsc",
            "mesh contract check [OPTIONS] --against DOMAIN.PRODUCT PROPOSED.avsc",
            "--require=LEVEL",
            "Exit codes:");
  }

  @Test
  void contractWithoutACommandIsAUsageError() {
    assertThat(run("contract")).isEqualTo(2);

    assertThat(err.toString()).contains("Missing a command");
  }

  @Test
  void rulesListsEveryRuleWithItsLevel() {
    assertThat(run("contract", "rules")).isZero();

    for (ChangeRule rule : ChangeRule.values()) {
      assertThat(out.toString()).containsPattern(rule.level() + " +" + rule.id() + " +\\S");
    }
  }

  @Test
  void minorChangesAtEveryDepth() {
    assertThat(run("contract", "check", previous.toString(), minor.toString())).isZero();

    assertThat(out.toString())
        .isEqualTo(
            """
            classification: MINOR
            MINOR amount: decimal-precision-widened — decimal(12,2) → decimal(14,2)
            MINOR employees: widen-int-to-long — int → long
            MINOR address.lines[]: required-to-optional — may now be null
            MINOR address.uprn: add-optional-field — new optional field of type string
            MINOR features{}.score: widen-float-to-double — float → double
            MINOR email: add-optional-field — new optional field of type string (pii contact, mask redact)
            PATCH (root): doc-changed — doc of record Claim changed
            PATCH claim_id: doc-changed — doc changed
            PATCH claim_id: quality-rule-changed — quality rules [not-null, unique] → [not-null, unique, regex]
            """);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void majorChangesExitZeroUnlessRequiredOtherwise() {
    assertThat(run("contract", "check", previous.toString(), major.toString())).isZero();
    assertThat(out.toString()).isEqualTo(MAJOR_REPORT);

    assertThat(
            run("contract", "check", "--require", "minor", previous.toString(), major.toString()))
        .isEqualTo(3);
    assertThat(out.toString()).isEqualTo(MAJOR_REPORT);
    assertThat(err.toString())
        .isEqualTo("error: the change is MAJOR, more than --require MINOR allows\n");

    assertThat(
            run("contract", "check", "--require", "MAJOR", previous.toString(), major.toString()))
        .isZero();
  }

  @Test
  void aContractAgainstItselfHasNoChanges() {
    assertThat(run("contract", "check", previous.toString(), previous.toString())).isZero();

    assertThat(out.toString()).isEqualTo("classification: PATCH\nno changes\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "not-json.avsc     | Invalid contract {file}: not a valid Avro schema: ",
        "not-a-record.avsc | Invalid contract {file}: must be an Avro record, not ARRAY",
        "unknown-pii.avsc  | Invalid contract {file}: field shoe_size has unknown pii tag 'shoe_size'",
        "missing-doc.avsc  | Invalid contract {file}: field address.city has no doc; every field"
            + " needs one",
      })
  void anInvalidContractExitsOneNamingTheFileAndTheProblem(String file, String message)
      throws URISyntaxException {
    Path invalid = sample(file);

    assertThat(run("contract", "check", previous.toString(), invalid.toString())).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("error: " + message.replace("{file}", invalid.toString()));
    assertThat(out.toString()).isEmpty();

    assertThat(run("contract", "check", invalid.toString(), previous.toString())).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("error: " + message.replace("{file}", invalid.toString()));
  }

  @Test
  void aMissingFileExitsOne() {
    Path missing = home.resolve("missing.avsc");

    assertThat(run("contract", "check", previous.toString(), missing.toString())).isEqualTo(1);

    assertThat(err.toString())
        .isEqualTo("error: Cannot read contract " + missing + ": no such file\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "one file                | {previous}                                  | Give two contracts",
        "three files             | {previous} {previous} {previous}            | Give two contracts",
        "against and two files   | --against claims.claims {previous} {previous} | With --against,"
            + " give only PROPOSED.avsc",
        "bad product id          | --against Claims {previous}                 | Invalid product id"
            + " 'Claims'",
        "bad level               | --require HUGE {previous} {previous}        | Invalid change level"
            + " 'HUGE'",
        "bad version             | --proposed-version 1.3 --previous-version 1.2.0 {previous}"
            + " {previous} | Invalid contract version '1.3'",
        "version without another | --proposed-version 1.3.0 {previous} {previous} |"
            + " --proposed-version needs --previous-version",
      })
  void usageErrorsExitTwo(String name, String arguments, String message) {
    String[] words = arguments.replace("{previous}", previous.toString()).split(" +");
    List<String> command = new ArrayList<>(List.of("contract", "check"));
    command.addAll(List.of(words));

    assertThat(run(command.toArray(String[]::new))).as(name).isEqualTo(2);

    assertThat(err.toString()).as(name).contains(message);
  }

  @Test
  void aReleaseWhoseBumpIsTooSmallIsRefused() {
    int exit =
        run(
            "contract",
            "check",
            "--previous-version",
            "1.2.0",
            "--proposed-version",
            "1.3.0",
            previous.toString(),
            major.toString());

    assertThat(exit).isEqualTo(3);
    assertThat(out.toString()).isEqualTo(MAJOR_REPORT);
    assertThat(err.toString())
        .isEqualTo(
            "error: Cannot release 1.3.0 over 1.2.0: a MINOR bump is too small for a MAJOR change:"
                + " nino: pii-tag-removed; amount: decimal-scale-changed; address.postcode:"
                + " remove-field; features{}.score: narrow-type\n");
  }

  @Test
  void aReleaseWithABigEnoughBumpPasses() {
    int exit =
        run(
            "contract",
            "check",
            "--previous-version=1.2.0",
            "--proposed-version=1.3.0",
            previous.toString(),
            minor.toString());

    assertThat(exit).isZero();
    assertThat(err.toString())
        .isEqualTo("Release 1.3.0 over 1.2.0: a MINOR bump covers a MINOR change\n");
  }

  @Test
  void againstComparesWithTheCatalogsLatestRelease() throws IOException {
    seedCredentials();
    int port = startCatalog(200, Files.readString(previous), "1.2.0");

    int exit =
        run(
            "contract",
            "check",
            "--catalog-port",
            String.valueOf(port),
            "--against",
            "claims.claims",
            major.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).isEqualTo(MAJOR_REPORT);
    assertThat(err.toString())
        .isEqualTo("Comparing with claims.claims 1.2.0, the contract of its latest release\n");
    assertThat(requests)
        .containsExactly(
            "POST /oauth/token",
            "GET /api/v1/products/claims.claims/contract Bearer token-for-admin");
  }

  @Test
  void againstWithTheProposedVersionChecksTheBump() throws IOException {
    seedCredentials();
    int port = startCatalog(200, Files.readString(previous), "1.2.0");
    String catalogPort = String.valueOf(port);

    assertThat(
            run(
                "contract",
                "check",
                "--catalog-port",
                catalogPort,
                "--principal",
                "claims-team",
                "--against",
                "claims.claims",
                "--proposed-version",
                "1.3.0",
                major.toString()))
        .isEqualTo(3);
    assertThat(err.toString())
        .endsWith(
            "error: Cannot release claims.claims 1.3.0 over 1.2.0: a MINOR bump is too small for"
                + " a MAJOR change: nino: pii-tag-removed; amount: decimal-scale-changed;"
                + " address.postcode: remove-field; features{}.score: narrow-type\n");
    assertThat(requests)
        .contains("GET /api/v1/products/claims.claims/contract Bearer token-for-claims-team");

    assertThat(
            run(
                "contract",
                "check",
                "--catalog-port",
                catalogPort,
                "--against",
                "claims.claims",
                "--proposed-version",
                "2.0.0",
                major.toString()))
        .isZero();
    assertThat(err.toString())
        .endsWith(
            "Release 2.0.0 over 1.2.0: a MAJOR bump covers a MAJOR change; it goes to the new"
                + " table claims.claims_v2\n");
  }

  @Test
  void againstAProductWithoutAContractExitsOne() throws IOException {
    seedCredentials();
    int port =
        startCatalog(
            404,
            "{\"error\":{\"code\":404,\"type\":\"NoSuchProductException\",\"message\":"
                + "\"Product claims.claims is not registered\"}}",
            null);

    int exit =
        run(
            "contract",
            "check",
            "--catalog-port",
            String.valueOf(port),
            "--against",
            "claims.claims",
            minor.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "error: the catalog has no contract for claims.claims (Product claims.claims is not"
                + " registered); register the product and its contract first\n");
  }

  @Test
  void againstWhenTheCatalogRefusesExitsOneWithItsReason() throws IOException {
    seedCredentials();
    int port =
        startCatalog(
            403,
            "{\"error\":{\"code\":403,\"type\":\"ForbiddenException\",\"message\":"
                + "\"analyst may not read the contracts of product claims.claims\"}}",
            null);

    assertThat(
            run(
                "contract",
                "check",
                "--catalog-port",
                String.valueOf(port),
                "--against",
                "claims.claims",
                minor.toString()))
        .isEqualTo(1);

    assertThat(err.toString())
        .isEqualTo(
            "error: cannot get the contract of claims.claims from http://localhost:"
                + port
                + "/api/v1/products/claims.claims/contract: HTTP 403: analyst may not read the"
                + " contracts of product claims.claims\n");
  }

  @Test
  void anInvalidRegisteredContractIsNamed() throws IOException {
    seedCredentials();
    int port = startCatalog(200, "{\"type\":\"string\"}", "1.2.0");

    assertThat(
            run(
                "contract",
                "check",
                "--catalog-port",
                String.valueOf(port),
                "--against",
                "claims.claims",
                minor.toString()))
        .isEqualTo(1);

    assertThat(err.toString())
        .isEqualTo(
            "error: Invalid contract claims.claims 1.2.0 (registered in the catalog): must be an"
                + " Avro record, not STRING\n");
  }

  @Test
  void anInvalidProposalFailsBeforeTheCatalogIsAsked() throws Exception {
    seedCredentials();
    int port = startCatalog(200, Files.readString(previous), "1.2.0");
    Path invalid = sample("missing-doc.avsc");

    assertThat(
            run(
                "contract",
                "check",
                "--catalog-port",
                String.valueOf(port),
                "--against",
                "claims.claims",
                invalid.toString()))
        .isEqualTo(1);

    assertThat(err.toString()).startsWith("error: Invalid contract " + invalid + ": field");
    assertThat(requests).isEmpty();
  }

  private int run(String... arguments) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine commandLine = MeshCommand.commandLine(home, Map.of());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(arguments);
  }

  private void seedCredentials() throws IOException {
    Path directory = Files.createDirectories(home.resolve("data/catalog/credentials"));
    for (String principal : List.of("admin", "claims-team")) {
      Files.writeString(directory.resolve(principal), principal + "-secret\n");
    }
  }

  /** A catalog that issues tokens and answers every contract request with the given answer. */
  private int startCatalog(int status, String body, String version) throws IOException {
    catalog = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    catalog.createContext(
        "/oauth/token",
        exchange -> {
          requests.add(exchange.getRequestMethod() + " /oauth/token");
          String form =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String principal = form.replaceAll(".*client_id=([^&]*).*", "$1");
          respond(
              exchange,
              200,
              "{\"access_token\":\"token-for-" + principal + "\",\"token_type\":\"bearer\"}",
              null);
        });
    catalog.createContext(
        "/api/v1/products/",
        exchange -> {
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          respond(exchange, status, body, version);
        });
    catalog.start();
    return catalog.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String json, String version)
      throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (version != null) {
      exchange.getResponseHeaders().set("Contract-Version", version);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream stream = exchange.getResponseBody()) {
      stream.write(bytes);
    }
  }

  private static Path sample(String file) throws URISyntaxException {
    return Path.of(
        ContractCommandTest.class.getResource("/io/insightmesh/sdk/contract/" + file).toURI());
  }
}
