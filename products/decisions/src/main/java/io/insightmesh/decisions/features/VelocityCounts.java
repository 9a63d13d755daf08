package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Claim counts per key type and window, as {@link VelocityCounters} saw them for one claim. A key
 * type the claim has no key for (no device, no IP address) counts 0 in every window.
 */
public final class VelocityCounts {
  private final VelocitySettings settings;
  private final int[] counts;

  VelocityCounts(VelocitySettings settings, int[] counts) {
    this.settings = settings;
    this.counts = counts;
  }

  /** All zero: for a claim assessed without live counters. */
  public static VelocityCounts none(VelocitySettings settings) {
    requireNonNull(settings, "settings is null");
    return new VelocityCounts(
        settings, new int[KeyType.values().length * settings.windows().size()]);
  }

  /**
   * Counts as {@link #variables()} names them, e.g. from a recorded decision.
   *
   * @throws IllegalArgumentException if a variable of the settings is missing, or one is named that
   *     the settings do not have, or a count is negative
   */
  public static VelocityCounts of(
      VelocitySettings settings, Map<? extends CharSequence, Integer> variables) {
    requireNonNull(settings, "settings is null");
    requireNonNull(variables, "variables is null");
    int windows = settings.windows().size();
    int[] counts = new int[KeyType.values().length * windows];
    Map<String, Integer> named = new HashMap<>();
    variables.forEach((name, count) -> named.put(String.valueOf(name), count));
    for (KeyType type : KeyType.values()) {
      for (int w = 0; w < windows; w++) {
        String name = variable(type, settings.windows().get(w));
        Integer count = named.remove(name);
        if (count == null || count < 0) {
          throw new IllegalArgumentException(
              "Velocity count "
                  + name
                  + (count == null ? " is missing" : " is " + count + ": must be 0 or more")
                  + " (windows "
                  + settings.windows()
                  + ")");
        }
        counts[type.ordinal() * windows + w] = count;
      }
    }
    if (!named.isEmpty()) {
      throw new IllegalArgumentException(
          "Velocity counts "
              + new TreeMap<>(named).keySet()
              + " are not variables of windows "
              + settings.windows());
    }
    return new VelocityCounts(settings, counts);
  }

  /**
   * Every count by its variable name without the {@code velocity.} prefix ({@code device_10m}), as
   * the decisions contract's {@code live_features.velocity} records them.
   */
  public Map<String, Integer> variables() {
    String[] names = names(settings);
    // Sized for every variable without a resize; in the order the names were made.
    Map<String, Integer> variables = new LinkedHashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      variables.put(names[i], counts[i]);
    }
    return variables;
  }

  /** The last settings' variable names, by index: every decision records them. */
  private static volatile Names lastNames;

  private record Names(VelocitySettings settings, String[] names) {}

  /** The variable names in {@link #index} order, made once per settings instance. */
  private static String[] names(VelocitySettings settings) {
    Names cached = lastNames;
    if (cached != null && cached.settings() == settings) {
      return cached.names();
    }
    int windows = settings.windows().size();
    String[] names = new String[KeyType.values().length * windows];
    for (KeyType type : KeyType.values()) {
      for (int w = 0; w < windows; w++) {
        names[type.ordinal() * windows + w] = variable(type, settings.windows().get(w));
      }
    }
    lastNames = new Names(settings, names);
    return names;
  }

  private static String variable(KeyType type, Duration window) {
    return type.variableName() + "_" + window.toMinutes() + "m";
  }

  /** The settings the counts were taken with. */
  public VelocitySettings settings() {
    return settings;
  }

  /**
   * The count for one key type and window.
   *
   * @throws IllegalArgumentException if the window is not one of the settings' windows
   */
  public int count(KeyType type, Duration window) {
    requireNonNull(type, "type is null");
    int w = settings.windows().indexOf(window);
    if (w < 0) {
      throw new IllegalArgumentException(
          "Velocity window " + window + " is not configured: windows are " + settings.windows());
    }
    return counts[index(type.ordinal(), w)];
  }

  int count(int typeOrdinal, int window) {
    return counts[index(typeOrdinal, window)];
  }

  private int index(int typeOrdinal, int window) {
    return typeOrdinal * settings.windows().size() + window;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VelocityCounts
        && settings.equals(((VelocityCounts) other).settings)
        && Arrays.equals(counts, ((VelocityCounts) other).counts);
  }

  @Override
  public int hashCode() {
    return 31 * settings.hashCode() + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("VelocityCounts{");
    for (KeyType type : KeyType.values()) {
      for (int w = 0; w < settings.windows().size(); w++) {
        text.append(type.variableName())
            .append('_')
            .append(settings.windows().get(w).toMinutes())
            .append("m=")
            .append(count(type.ordinal(), w))
            .append(
                type.ordinal() == KeyType.values().length - 1 && w == settings.windows().size() - 1
                    ? ""
                    : ", ");
      }
    }
    return text.append('}').toString();
  }
}
