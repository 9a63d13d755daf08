package io.insightmesh.sdk.launcher;

import static java.util.Objects.requireNonNull;

import io.insightmesh.sdk.launcher.HealthProbe.Health;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code ./mesh status} found about one component.
 *
 * @param component the component
 * @param pid the process {@code ./mesh up} started, if it is still alive
 * @param port the port it listens on (or would)
 * @param health what its readiness endpoint answered
 * @param progress what it reports of its progress, if anything (the replay does)
 */
public record ComponentStatus(
    Component component, OptionalLong pid, int port, Health health, Optional<String> progress) {
  public ComponentStatus {
    requireNonNull(component, "component is null");
    requireNonNull(pid, "pid is null");
    requireNonNull(health, "health is null");
    requireNonNull(progress, "progress is null");
  }

  public boolean running() {
    return pid.isPresent();
  }

  public URI url() {
    return component.baseUri(port);
  }
}
