package io.insightmesh.decisions.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/**
 * The rules and block-list tests change the engine's rules and lists, so they run in their own
 * engine with its own data directory, apart from the assessment tests that expect the shipped
 * ruleset and empty lists.
 */
public class AdministrationTestProfile implements QuarkusTestProfile {
  private static final String DATA_DIR =
      "target/quarkus-test-data/administration-" + UUID.randomUUID();

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("mesh.engine.data-dir", DATA_DIR);
  }
}
