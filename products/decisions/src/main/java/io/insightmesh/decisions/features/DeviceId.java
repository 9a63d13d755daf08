package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A device fingerprint as the claims contract carries it in {@code device_id}. {@link #toString()}
 * masks it.
 *
 * @param value 1 to 128 characters of letters, digits, {@code . _ : -}
 */
public record DeviceId(String value) {
  /** What a device id may look like. */
  public static final String FORMAT = "^[A-Za-z0-9._:-]{1,128}$";

  private static final Pattern PATTERN = Pattern.compile(FORMAT);

  /**
   * Validates the device id.
   *
   * @throws InvalidBlockListEntryException if it does not match {@link #FORMAT}
   */
  public DeviceId {
    requireNonNull(value, "value is null");
    if (!PATTERN.matcher(value).matches()) {
      throw new InvalidBlockListEntryException("Device id: value must match " + FORMAT);
    }
  }

  /**
   * The device id, surrounding blanks removed.
   *
   * @throws InvalidBlockListEntryException if it does not match {@link #FORMAT}
   */
  public static DeviceId parse(String text) {
    requireNonNull(text, "text is null");
    return new DeviceId(text.strip());
  }

  @Override
  public String toString() {
    return "DeviceId[" + value.length() + " characters]";
  }
}
