package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the velocity counters count: the windows (whole minutes, 1 to 1,440, distinct, kept in
 * ascending order) and the most keys kept per key type.
 *
 * @param windows the sliding windows, each a whole number of minutes
 * @param maxKeysPerType the most keys one key type keeps before the least recently seen are evicted
 */
public record VelocitySettings(List<Duration> windows, int maxKeysPerType) {
  /** The longest window: a day. */
  public static final Duration MAX_WINDOW = Duration.ofDays(1);

  /** Windows of 10 and 60 minutes, at most a million keys per key type. */
  public static VelocitySettings standard() {
    return new VelocitySettings(List.of(Duration.ofMinutes(10), Duration.ofMinutes(60)), 1_000_000);
  }

  /**
   * Validates and orders the windows.
   *
   * @throws IllegalArgumentException if there is no window, a window is not a whole number of
   *     minutes between 1 minute and a day, two windows are equal, or maxKeysPerType is below 1
   */
  public VelocitySettings {
    requireNonNull(windows, "windows is null");
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("Velocity windows: at least one window is required");
    }
    List<Duration> sorted = new ArrayList<>(windows);
    for (Duration window : sorted) {
      requireNonNull(window, "window is null");
      if (window.compareTo(Duration.ofMinutes(1)) < 0
          || window.compareTo(MAX_WINDOW) > 0
          || !window.equals(Duration.ofMinutes(window.toMinutes()))) {
        throw new IllegalArgumentException(
            "Velocity window "
                + window
                + " is not a whole number of minutes between 1 minute and "
                + MAX_WINDOW);
      }
    }
    sorted.sort(null);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).equals(sorted.get(i - 1))) {
        throw new IllegalArgumentException(
            "Velocity window " + sorted.get(i) + " is configured twice: windows must be distinct");
      }
    }
    windows = List.copyOf(sorted);
    if (maxKeysPerType < 1) {
      throw new IllegalArgumentException(
          "Velocity maxKeysPerType " + maxKeysPerType + " must be at least 1");
    }
  }

  /** The longest window, in minutes: how long a key is kept after its last claim. */
  public int horizonMinutes() {
    return (int) windows.get(windows.size() - 1).toMinutes();
  }

  int[] windowMinutes() {
    int[] minutes = new int[windows.size()];
    for (int i = 0; i < minutes.length; i++) {
      minutes[i] = (int) windows.get(i).toMinutes();
    }
    return minutes;
  }
}
