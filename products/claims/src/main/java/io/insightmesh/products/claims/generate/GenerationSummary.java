package io.insightmesh.products.claims.generate;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Scheme;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run wrote, as also recorded in its {@code manifest.json}.
 *
 * @param records landing records (claims, duplicate submissions and bad records)
 * @param claims distinct claim ids (one ground-truth label each)
 * @param claimants distinct claimant ids
 * @param fraudClaims claim ids labelled fraudulent
 * @param badRecords landing records deliberately made bad
 * @param duplicates second submissions of a claim id
 * @param perScheme landing records per scheme (bad ones under the scheme they were made for)
 * @param perPattern claim ids labelled with each pattern (a claim may carry two)
 * @param perDefect bad records per defect
 * @param landingFiles landing part files written
 * @param manifest the manifest's path
 */
public record GenerationSummary(
    long records,
    long claims,
    long claimants,
    long fraudClaims,
    long badRecords,
    long duplicates,
    Map<Scheme, Long> perScheme,
    Map<FraudPattern, Long> perPattern,
    Map<Defect, Long> perDefect,
    int landingFiles,
    Path manifest) {
  public GenerationSummary {
    perScheme = Map.copyOf(perScheme);
    perPattern = Map.copyOf(perPattern);
    perDefect = Map.copyOf(perDefect);
    requireNonNull(manifest, "manifest is null");
  }
}
