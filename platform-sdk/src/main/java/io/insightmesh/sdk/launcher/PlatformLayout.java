package io.insightmesh.sdk.launcher;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a checkout of Insight Mesh keeps its build outputs and where a running platform keeps its
 * state: one data directory holds everything the embedded default writes (catalog metadata,
 * warehouse, credentials, logs, pid files).
 *
 * @param home the checkout (the directory of the {@code ./mesh} script)
 * @param dataDirectory the platform's data directory
 */
public record PlatformLayout(Path home, Path dataDirectory) {
  /** The environment variable naming the data directory, read by every component too. */
  public static final String DATA_DIRECTORY_VARIABLE = "MESH_DATA_DIR";

  public PlatformLayout {
    home = requireNonNull(home, "home is null").toAbsolutePath().normalize();
    dataDirectory =
        requireNonNull(dataDirectory, "dataDirectory is null").toAbsolutePath().normalize();
  }

  /**
   * The layout for a checkout: the data directory is {@code explicitDataDirectory} if given, else
   * {@code $MESH_DATA_DIR}, else {@code <home>/data}.
   */
  public static PlatformLayout of(
      Path home, Optional<Path> explicitDataDirectory, Map<String, String> environment) {
    Path dataDirectory =
        explicitDataDirectory
            .or(
                () ->
                    Optional.ofNullable(environment.get(DATA_DIRECTORY_VARIABLE))
                        .filter(value -> !value.isBlank())
                        .map(Path::of))
            .orElseGet(() -> home.resolve("data"));
    return new PlatformLayout(home, dataDirectory);
  }

  /** Pid and port files of the components {@code ./mesh up} started. */
  public Path runDirectory() {
    return dataDirectory.resolve("run");
  }

  public Path logsDirectory() {
    return dataDirectory.resolve("logs");
  }

  public PidFile pidFile(Component component) {
    return new PidFile(runDirectory().resolve(component.id() + ".pid"));
  }

  /** The port a running component was started on, so later commands find it without options. */
  public Path portFile(Component component) {
    return runDirectory().resolve(component.id() + ".port");
  }

  /** A port a running component binds besides its own, e.g. {@code run/trino.https-port}. */
  public Path portFile(Component component, Component.SecondaryPort port) {
    return runDirectory().resolve(component.id() + "." + port.name() + "-port");
  }

  public Path log(Component component) {
    return logsDirectory().resolve(component.id() + ".log");
  }

  /** What {@code ./mesh up} generates and publishes for the demo, and how far its replay got. */
  public Path demoDirectory() {
    return dataDirectory.resolve("demo");
  }

  /** The generated claims the demo products are published from and the replay submits. */
  public Path demoClaims() {
    return demoDirectory().resolve("claims");
  }

  /** Written once the demo products are published: {@code ./mesh up} then publishes nothing. */
  public Path demoPublished() {
    return demoDirectory().resolve("published");
  }

  /** How many of the demo claims the replay has had answered, saved durably as it goes. */
  public Path replayPosition() {
    return demoDirectory().resolve("replay.position");
  }

  /**
   * The client secrets the embedded catalog seeds on first start, one file per principal (the file
   * name is the client id).
   */
  public Path credentialsDirectory() {
    return dataDirectory.resolve("catalog").resolve("credentials");
  }
}
