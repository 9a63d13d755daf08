package io.insightmesh.decisions.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CatalogLinkTest {
  @Test
  void anIntervalOutOfRangeIsRefusedNamingItsKeyAndRule() {
    assertThatThrownBy(
            () ->
                CatalogLink.checkInterval(
                    "mesh.engine.hygiene-interval", Duration.ofSeconds(-1), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid mesh.engine.hygiene-interval PT-1S: must be zero or positive");
    assertThatThrownBy(
            () -> CatalogLink.checkInterval("mesh.engine.release-interval", Duration.ZERO, false))
        .hasMessage("Invalid mesh.engine.release-interval PT0S: must be positive");
  }

  @Test
  void zeroIsAllowedWhereItTurnsSomethingOff() {
    assertThatCode(
            () -> CatalogLink.checkInterval("mesh.engine.hygiene-interval", Duration.ZERO, true))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                CatalogLink.checkInterval(
                    "mesh.engine.release-interval", Duration.ofMinutes(1), false))
        .doesNotThrowAnyException();
  }
}
