package io.insightmesh.sdk.contract;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The versioning rule of DESIGN.md §4: a proposed release's semantic-version bump must be at least
 * the classification of the change it carries. A MAJOR release goes to a new table ({@link
 * TableNaming#forMajor}).
 */
public final class ReleaseCheck {
  private ReleaseCheck() {}

  /**
   * Checks releasing {@code proposedVersion} over {@code previousVersion}.
   *
   * @return the bump: MAJOR when the major number grows, MINOR when the minor one does, else PATCH
   * @throws IllegalArgumentException if a version is not {@code MAJOR.MINOR.PATCH}
   * @throws ContractViolationException if the proposed version is not higher, does not reset the
   *     lower parts of the bump to 0, or is a smaller bump than {@code report}'s classification;
   *     the message names every field that needs the bigger bump
   */
  public static ChangeLevel check(
      String previousVersion, String proposedVersion, CompatibilityReport report) {
    return check(
        "", ContractVersion.parse(previousVersion), ContractVersion.parse(proposedVersion), report);
  }

  /**
   * Checks releasing {@code proposedVersion} of {@code product} over {@code previousVersion}; the
   * same as {@link #check(String, String, CompatibilityReport)} with the product named in messages.
   */
  public static ChangeLevel check(
      ProductId product,
      String previousVersion,
      String proposedVersion,
      CompatibilityReport report) {
    requireNonNull(product, "product is null");
    return check(
        product + " ",
        ContractVersion.parse(previousVersion),
        ContractVersion.parse(proposedVersion),
        report);
  }

  /**
   * Checks releasing {@code proposedVersion} of the product {@code <domain>.<name>} over {@code
   * previousVersion}; the same as {@link #check(ProductId, String, String, CompatibilityReport)}.
   *
   * @throws IllegalArgumentException if {@code product} is not {@code <domain>.<name>} or a version
   *     is not {@code MAJOR.MINOR.PATCH}
   */
  public static ChangeLevel check(
      String product, String previousVersion, String proposedVersion, CompatibilityReport report) {
    return check(ProductId.parse(product), previousVersion, proposedVersion, report);
  }

  private static ChangeLevel check(
      String product,
      ContractVersion previous,
      ContractVersion proposed,
      CompatibilityReport report) {
    requireNonNull(report, "report is null");
    String release = "Cannot release " + product + proposed + " over " + previous + ": ";
    if (proposed.compareTo(previous) <= 0) {
      throw new ContractViolationException(
          release + "the version must be higher than the one released");
    }
    ChangeLevel bump;
    if (proposed.major() > previous.major()) {
      bump = ChangeLevel.MAJOR;
      if (proposed.minor() != 0 || proposed.patch() != 0) {
        throw new ContractViolationException(
            release + "a MAJOR bump resets MINOR and PATCH to 0 (" + proposed.major() + ".0.0)");
      }
    } else if (proposed.minor() > previous.minor()) {
      bump = ChangeLevel.MINOR;
      if (proposed.patch() != 0) {
        throw new ContractViolationException(
            release
                + "a MINOR bump resets PATCH to 0 ("
                + proposed.major()
                + "."
                + proposed.minor()
                + ".0)");
      }
    } else {
      bump = ChangeLevel.PATCH;
    }
    ChangeLevel classification = report.classification();
    if (classification.exceeds(bump)) {
      List<SchemaChange> tooBig = report.changesAbove(bump);
      throw new ContractViolationException(
          release
              + "a "
              + bump
              + " bump is too small for a "
              + classification
              + " change: "
              + tooBig.stream()
                  .map(change -> change.path() + ": " + change.rule().id())
                  .collect(Collectors.joining("; ")));
    }
    return bump;
  }
}
