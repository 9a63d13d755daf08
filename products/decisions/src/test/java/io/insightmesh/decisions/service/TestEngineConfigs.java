package io.insightmesh.decisions.service;

import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Engine settings as Quarkus would map them, from the defaults and the values given. */
final class TestEngineConfigs {
  private TestEngineConfigs() {}

  /** {@code settings} without the {@code mesh.engine.} prefix, e.g. {@code catalog-enabled}. */
  static EngineConfig of(Path dataDir, Map<String, String> settings) {
    Map<String, String> values = new HashMap<>();
    values.put("mesh.engine.data-dir", dataDir.toString());
    settings.forEach((key, value) -> values.put("mesh.engine." + key, value));
    return new SmallRyeConfigBuilder()
        .withMapping(EngineConfig.class)
        .withDefaultValues(values)
        .build()
        .getConfigMapping(EngineConfig.class);
  }
}
