package io.insightmesh.sdk.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.sdk.MeshException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortsTest {
  @Test
  void optionBeatsEnvironment() {
    Ports ports = Ports.of(Map.of(Component.CATALOG, 9000), Map.of("MESH_CATALOG_PORT", "9100"));

    assertThat(ports.requested(Component.CATALOG)).hasValue(9000);
  }

  @Test
  void environmentWhenNoOption() {
    assertThat(
            Ports.of(Map.of(), Map.of("MESH_CATALOG_PORT", " 9100 ")).requested(Component.CATALOG))
        .hasValue(9100);
    assertThat(Ports.of(Map.of(), Map.of()).requested(Component.CATALOG)).isEmpty();
  }

  @Test
  void outOfRangeOptionIsRefused() {
    assertThatThrownBy(() -> Ports.of(Map.of(Component.CATALOG, 70000), Map.of()))
        .isInstanceOf(MeshException.class)
        .hasMessage("catalog port must be a port number (1-65535), not 70000");
  }
}
