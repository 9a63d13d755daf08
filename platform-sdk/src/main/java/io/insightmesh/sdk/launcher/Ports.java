package io.insightmesh.sdk.launcher;

import static java.util.Objects.requireNonNull;

import io.insightmesh.sdk.MeshException;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The ports the user asked for, by command-line option or environment variable. A component without
 * one starts on its default; a running one is found on the port it was started on, whatever is
 * asked.
 *
 * @param requested the ports asked for, by component
 */
public record Ports(Map<Component, Integer> requested) {
  public Ports {
    requested = Map.copyOf(requireNonNull(requested, "requested is null"));
  }

  /** No port asked for: every component on its default. */
  public static Ports defaults() {
    return new Ports(Map.of());
  }

  /**
   * The ports in {@code options}, and for components not named there, those in {@code environment}
   * ({@link Component#portVariable()}).
   *
   * @throws MeshException if an environment variable does not hold a port number
   */
  public static Ports of(Map<Component, Integer> options, Map<String, String> environment) {
    Map<Component, Integer> requested = new EnumMap<>(Component.class);
    for (Component component : Component.values()) {
      String value = environment.get(component.portVariable());
      if (value != null && !value.isBlank()) {
        requested.put(component, parse(component.portVariable(), value));
      }
    }
    options.forEach(
        (component, port) -> requested.put(component, checked(component.id() + " port", port)));
    return new Ports(requested);
  }

  public OptionalInt requested(Component component) {
    Integer port = requested.get(component);
    return port == null ? OptionalInt.empty() : OptionalInt.of(port);
  }

  private static int parse(String variable, String value) {
    try {
      return checked(variable, Integer.parseInt(value.strip()));
    } catch (NumberFormatException e) {
      throw new MeshException(variable + " must be a port number (1-65535), not '" + value + "'");
    }
  }

  private static int checked(String name, int port) {
    if (port < 1 || port > 65535) {
      throw new MeshException(name + " must be a port number (1-65535), not " + port);
    }
    return port;
  }
}
