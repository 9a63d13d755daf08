package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A National Insurance number in the claims contract's format. {@link #toString()} masks it.
 *
 * @param value two prefix letters, six digits and a suffix A to D, upper case, no spaces
 */
public record Nino(String value) {
  /** The contract's NINO rule. */
  public static final String FORMAT = "^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$";

  private static final Pattern PATTERN = Pattern.compile(FORMAT);

  /**
   * Validates the NINO.
   *
   * @throws InvalidBlockListEntryException if it does not match {@link #FORMAT}
   */
  public Nino {
    requireNonNull(value, "value is null");
    if (!PATTERN.matcher(value).matches()) {
      throw new InvalidBlockListEntryException("NINO: value must match " + FORMAT);
    }
  }

  /**
   * The NINO as people write it: any case, spaces allowed ({@code ab 12 34 56 c}).
   *
   * @throws InvalidBlockListEntryException if, without spaces and upper-cased, it does not match
   *     {@link #FORMAT}
   */
  public static Nino parse(String text) {
    requireNonNull(text, "text is null");
    return new Nino(normalise(text));
  }

  static String normalise(String text) {
    return text.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "Nino[" + value.substring(0, 2) + "******" + value.substring(8) + "]";
  }
}
