package io.insightmesh.sdk.contract;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A contract's semantic version, {@code MAJOR.MINOR.PATCH} (DESIGN.md §4): a MAJOR version is a new
 * Iceberg table, MINOR and PATCH evolve the same one. Parsed by the same rule as the catalog's.
 */
public record ContractVersion(int major, int minor, int patch)
    implements Comparable<ContractVersion> {
  // Semantic Versioning 2.0.0: numeric parts without leading zeros; nine digits keep them ints.
  private static final String NUMBER = "(0|[1-9][0-9]{0,8})";
  private static final Pattern VERSION = Pattern.compile(NUMBER + "\\." + NUMBER + "\\." + NUMBER);
  private static final Comparator<ContractVersion> ORDER =
      Comparator.comparingInt(ContractVersion::major)
          .thenComparingInt(ContractVersion::minor)
          .thenComparingInt(ContractVersion::patch);

  /**
   * @throws IllegalArgumentException if a part is negative
   */
  public ContractVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException(
          "Invalid contract version " + major + "." + minor + "." + patch + ": parts must be >= 0");
    }
  }

  /** The version {@code major.minor.patch}. */
  public static ContractVersion of(int major, int minor, int patch) {
    return new ContractVersion(major, minor, patch);
  }

  /**
   * Parses {@code MAJOR.MINOR.PATCH}.
   *
   * @throws IllegalArgumentException if the text is not three numbers without leading zeros
   */
  public static ContractVersion parse(String text) {
    requireNonNull(text, "text is null");
    Matcher matcher = VERSION.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "Invalid contract version '"
              + printable(text)
              + "': must be MAJOR.MINOR.PATCH, three numbers without leading zeros, e.g. 1.2.0");
    }
    return new ContractVersion(
        Integer.parseInt(matcher.group(1)),
        Integer.parseInt(matcher.group(2)),
        Integer.parseInt(matcher.group(3)));
  }

  @Override
  public int compareTo(ContractVersion other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }

  // The text may come from a command line or an HTTP header: keep control characters out of
  // messages, and the messages short.
  private static String printable(String text) {
    String shown = text.length() > 64 ? text.substring(0, 64) + "…" : text;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
