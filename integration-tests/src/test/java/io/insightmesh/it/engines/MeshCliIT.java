package io.insightmesh.it.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Engines;
import io.insightmesh.it.harness.PostgresCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a domain team runs it: {@code ./mesh publish} from JSON lines files against
 * the running catalog, a failing release with its report and exit status, and {@code ./mesh
 * contract check}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshCliIT {
  private final Path root = PostgresCluster.repositoryRoot();
  private CatalogServer catalog;
  @TempDir Path work;
  private Path descriptor;

  @BeforeAll
  void start() throws IOException {
    catalog = Engines.catalog();
  }

  /** A copy of the shipped claims product under another name, so no other test shares it. */
  private Path descriptor() throws IOException {
    if (descriptor == null) {
      Path directory = Files.createDirectories(work.resolve("contracts"));
      String yaml = resource("contracts/claims/claims.yaml");
      Files.writeString(
          directory.resolve("cli_claims.yaml"),
          yaml.replace("id: claims.claims", "id: claims.cli_claims")
              .replace("name: claims\n", "name: cli_claims\n")
              .replace("name: claims_v1", "name: cli_claims_v1"));
      Files.writeString(directory.resolve("claims.avsc"), resource("contracts/claims/claims.avsc"));
      descriptor = directory.resolve("cli_claims.yaml");
    }
    return descriptor;
  }

  @Test
  void publishFromFilesThenRefuseABrokenRelease() throws Exception {
    Path good = claims(work.resolve("good.json"), false);
    Result published =
        mesh(
            "publish",
            "claims.cli_claims",
            "--descriptor",
            descriptor().toString(),
            "--input",
            good.toString(),
            "--version",
            "1.0.0");
    assertThat(published.exit()).as(published.output()).isZero();
    assertThat(published.output())
        .contains("quality: PASSED")
        .contains("published claims.cli_claims 1.0.0: table claims.cli_claims_v1, tag v1.0.0");

    Path bad = claims(work.resolve("bad.json"), true);
    Result refused =
        mesh(
            "publish",
            "claims.cli_claims",
            "--descriptor",
            descriptor().toString(),
            "--input",
            bad.toString(),
            "--version",
            "1.0.1");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.output())
        .contains(
            "Cannot publish claims.cli_claims 1.0.1: 1 quality rule(s) failed; main is unchanged")
        .contains("FAIL regex(nino): 1 rows fail e.g. 00000000-0000-4000-8000-000000000003")
        .doesNotContain("XX000000X");

    try (RESTCatalog reader = CatalogClients.iceberg(catalog, "analyst")) {
      var table = reader.loadTable(TableIdentifier.of("claims", "cli_claims_v1"));
      assertThat(table.currentSnapshot().snapshotId())
          .isEqualTo(table.refs().get("v1.0.0").snapshotId());
    }
  }

  /**
   * The README's flow for the two Spark products: generate claims, publish them, then build the
   * profiles from that pinned claims release through the profiles team's own pipeline.
   */
  @Test
  void generateThenPublishClaimsAndTheirProfiles() throws Exception {
    Path generated = work.resolve("generated");
    Result generate =
        mesh("generate", "claims", "--count", "300", "--seed", "7", "--out", generated.toString());
    assertThat(generate.exit()).as(generate.output()).isZero();
    int claimants =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(generated.resolve("manifest.json").toFile())
            .path("claimants")
            .asInt();

    // The synthetic claims were submitted in 2020: judge the contract's freshness rule then.
    Result claims =
        mesh(
            "publish",
            "claims.claims",
            "--input",
            generated.toString(),
            "--version",
            "1.0.0+cli-1",
            "--as-of",
            "2020-10-01T00:00:00Z");
    assertThat(claims.exit()).as(claims.output()).isZero();
    assertThat(claims.output()).contains("published claims.claims 1.0.0+cli-1");

    Result refused =
        mesh(
            "publish",
            "profiles.claimant_profiles",
            "--input",
            generated.toString(),
            "--version",
            "1.0.0+cli-1",
            "--option",
            "claims-release=1.0.0+cli-1",
            "--option",
            "mode=sideways");
    assertThat(refused.exit()).as(refused.output()).isEqualTo(2);
    assertThat(refused.output())
        .contains("error: Invalid option mode 'sideways': full or incremental");

    Result profiles =
        mesh(
            "publish",
            "profiles.claimant_profiles",
            "--input",
            generated.toString(),
            "--version",
            "1.0.0+cli-1",
            "-o",
            "claims-release=1.0.0+cli-1");
    assertThat(profiles.exit()).as(profiles.output()).isZero();
    assertThat(profiles.output())
        .contains("quality: PASSED")
        .contains(
            "published profiles.claimant_profiles 1.0.0+cli-1: table"
                + " profiles.claimant_profiles_v1, tag v1.0.0+cli-1")
        .contains(String.format(java.util.Locale.ROOT, "%,d rows", claimants));
  }

  @Test
  void contractCheckClassifiesAChange() throws Exception {
    Path previous = work.resolve("previous.avsc");
    Files.writeString(previous, resource("contracts/claims/claims.avsc"));
    Path proposed = work.resolve("proposed.avsc");
    Files.writeString(
        proposed,
        resource("contracts/claims/claims.avsc")
            .replace(
                "\"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 12, \"scale\": 2}",
                "\"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 12, \"scale\": 3}"));

    Result check = mesh("contract", "check", previous.toString(), proposed.toString());

    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(
            check.output().lines().filter(line -> line.startsWith("classification:")).findFirst())
        .contains("classification: MAJOR");
    assertThat(check.output()).contains("amount_claimed").contains("decimal-scale-changed");
  }

  private record Result(int exit, String output) {}

  private Result mesh(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("mesh").toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MESH_DATA_DIR", catalog.dataDir().toString());
    builder.environment().put("MESH_CATALOG_PORT", String.valueOf(catalog.uri().getPort()));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static Path claims(Path file, boolean brokenNino) throws IOException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      lines.append(
          String.format(
              "{\"claim_id\":\"00000000-0000-4000-8000-%012d\",\"scheme\":\"SEISS\",\"submitted_at\":\"%s\","
                  + "\"claimant_id\":\"C%07d\",\"nino\":\"%s\",\"name\":\"Claimant %d\",\"date_of_birth\":\"1980-01-02\","
                  + "\"postcode\":\"SW1A 1AA\",\"bank_sort_code\":\"112233\",\"bank_account_number\":\"%08d\","
                  + "\"amount_claimed\":%d,\"channel\":\"ONLINE\"}%n",
              i,
              now.minusSeconds(60L * i),
              i,
              brokenNino && i == 3 ? "XX000000X" : String.format("AB%06dC", i),
              i,
              10_000_000 + i,
              1000 + i));
    }
    Files.writeString(file, lines.toString());
    return file;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MeshCliIT.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
