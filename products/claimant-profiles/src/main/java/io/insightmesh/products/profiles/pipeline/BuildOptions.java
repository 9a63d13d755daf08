package io.insightmesh.products.profiles.pipeline;

import static io.insightmesh.products.profiles.pipeline.ClaimantProfilesPipeline.CATALOG;
import static io.insightmesh.products.profiles.pipeline.ClaimantProfilesPipeline.CLAIMS_RELEASE;
import static io.insightmesh.products.profiles.pipeline.ClaimantProfilesPipeline.MODE;
import static io.insightmesh.products.profiles.pipeline.ClaimantProfilesPipeline.SINCE_RELEASE;
import static java.util.Objects.requireNonNull;

import io.insightmesh.sdk.publish.CatalogConnection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The options of one profiles build, checked before any data is read: a misspelt option must not
 * quietly turn an incremental refresh into a full one.
 *
 * @param catalog the Spark catalog the claims and the current profiles are read through
 * @param claimsRelease the claims release to build from
 * @param sinceRelease for an incremental refresh, the claims release the current profiles were
 *     built from; empty for a full build
 */
record BuildOptions(String catalog, String claimsRelease, Optional<String> sinceRelease) {
  private static final Pattern RELEASE =
      Pattern.compile(
          "(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})(\\+[0-9A-Za-z.-]{1,64})?");
  private static final Pattern CATALOG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Set<String> KNOWN = Set.of(CATALOG, CLAIMS_RELEASE, MODE, SINCE_RELEASE);

  BuildOptions {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(claimsRelease, "claimsRelease is null");
    requireNonNull(sinceRelease, "sinceRelease is null");
  }

  /**
   * @throws IllegalArgumentException naming the option and the rule, if one is unknown, missing or
   *     invalid
   */
  static BuildOptions parse(Map<String, String> options) {
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(KNOWN);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown options " + unknown + ": the profiles pipeline takes " + new TreeSet<>(KNOWN));
    }
    String catalog = options.getOrDefault(CATALOG, CatalogConnection.SPARK_CATALOG);
    if (!CATALOG_NAME.matcher(catalog).matches()) {
      throw new IllegalArgumentException(
          "Invalid option " + CATALOG + " '" + catalog + "': not a Spark catalog name");
    }
    String claimsRelease =
        release(options, CLAIMS_RELEASE)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Missing option "
                            + CLAIMS_RELEASE
                            + ": the claims.claims release to build from, e.g. 1.0.0"));
    String mode = options.getOrDefault(MODE, "full").toLowerCase(Locale.ROOT);
    Optional<String> since = release(options, SINCE_RELEASE);
    switch (mode) {
      case "full" -> {
        if (since.isPresent()) {
          throw new IllegalArgumentException(
              "Invalid option " + SINCE_RELEASE + ": a full build takes no previous release");
        }
      }
      case "incremental" -> {
        if (since.isEmpty()) {
          throw new IllegalArgumentException(
              "Missing option "
                  + SINCE_RELEASE
                  + ": an incremental refresh needs the claims release the current profiles"
                  + " were built from");
        }
      }
      default ->
          throw new IllegalArgumentException(
              "Invalid option " + MODE + " '" + mode + "': full or incremental");
    }
    return new BuildOptions(catalog, claimsRelease, since);
  }

  boolean incremental() {
    return sinceRelease.isPresent();
  }

  private static Optional<String> release(Map<String, String> options, String option) {
    String value = options.get(option);
    if (value != null && !RELEASE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "Invalid option "
              + option
              + " '"
              + value
              + "': a release is MAJOR.MINOR.PATCH, optionally +<run>");
    }
    return Optional.ofNullable(value);
  }
}
