package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release of a product: the contract version it was published under, plus an optional build
 * suffix ({@code 1.3.0+42}) for data-only refreshes of the same contract (DESIGN.md §4). The
 * release tag on the Iceberg snapshot is {@code v} followed by this text.
 */
public record ReleaseVersion(ContractVersion contractVersion, Optional<String> build) {
  private static final Pattern BUILD = Pattern.compile("[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*");
  private static final int MAX_BUILD = 64;
  private static final Pattern VERSION =
      Pattern.compile(
          "("
              + ContractVersion.NUMBER
              + "\\."
              + ContractVersion.NUMBER
              + "\\."
              + ContractVersion.NUMBER
              + ")(?:\\+(.+))?");

  public ReleaseVersion {
    requireNonNull(contractVersion, "contractVersion is null");
    requireNonNull(build, "build is null");
    build.ifPresent(
        suffix -> {
          if (suffix.length() > MAX_BUILD || !BUILD.matcher(suffix).matches()) {
            throw new IllegalArgumentException(
                "Invalid version build '"
                    + Texts.printable(suffix)
                    + "': must be dot-separated letters, digits and '-', at most "
                    + MAX_BUILD
                    + " characters");
          }
        });
  }

  /**
   * Parses {@code MAJOR.MINOR.PATCH} or {@code MAJOR.MINOR.PATCH+BUILD}.
   *
   * @throws IllegalArgumentException if the text is not such a version
   */
  public static ReleaseVersion parse(String text) {
    requireNonNull(text, "text is null");
    Matcher matcher = VERSION.matcher(text);
    if (!matcher.matches()
        || (matcher.group(5) != null
            && (matcher.group(5).length() > MAX_BUILD
                || !BUILD.matcher(matcher.group(5)).matches()))) {
      throw new IllegalArgumentException(
          "Invalid version '"
              + Texts.printable(text)
              + "': must be MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH+BUILD such as 1.3.0 or"
              + " 1.3.0+42 (BUILD: dot-separated letters, digits and '-', at most "
              + MAX_BUILD
              + ")");
    }
    return new ReleaseVersion(
        ContractVersion.parse(matcher.group(1)), Optional.ofNullable(matcher.group(5)));
  }

  @Override
  public String toString() {
    return contractVersion + build.map(suffix -> "+" + suffix).orElse("");
  }
}
