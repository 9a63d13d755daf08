package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.launcher.Component;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --<component>-port} options of the commands that reach components. */
final class PortOptions {
  @Option(
      names = "--catalog-port",
      paramLabel = "PORT",
      description =
          "The catalog service's port (default: $MESH_CATALOG_PORT, else 8181). One ./mesh up"
              + " started is found on the port it runs on; up will not move it.")
  Integer catalogPort;

  @Option(
      names = "--trino-port",
      paramLabel = "PORT",
      description =
          "Trino's internal and health port (default: $MESH_TRINO_PORT, else 8080); clients use"
              + " $MESH_TRINO_HTTPS_PORT (8443). A Trino ./mesh up started is found on the ports"
              + " it runs on; up will not move it.")
  Integer trinoPort;

  Map<Component, Integer> requested() {
    Map<Component, Integer> requested = new EnumMap<>(Component.class);
    if (catalogPort != null) {
      requested.put(Component.CATALOG, catalogPort);
    }
    if (trinoPort != null) {
      requested.put(Component.TRINO, trinoPort);
    }
    return requested;
  }
}
