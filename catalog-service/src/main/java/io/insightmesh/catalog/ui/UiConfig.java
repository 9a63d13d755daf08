package io.insightmesh.catalog.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Configuration of the catalog UI; every key lives under {@code mesh.catalog.ui}. */
@ConfigMapping(prefix = "mesh.catalog.ui")
public interface UiConfig {

  /**
   * The scoring engine the UI's case-worker page and dashboard read from, through this service (the
   * browser never talks to the engine itself, see docs/decisions/0005-catalog-ui.md).
   */
  @WithDefault("http://localhost:8282")
  URI engineUri();

  /** How long one call to the scoring engine may take before the UI reports it unavailable. */
  @WithDefault("PT10S")
  Duration engineTimeout();

  /** How often the dashboard samples the engine's decision count, for its claims-per-hour rate. */
  @WithDefault("15s")
  String sampleEvery();
}
