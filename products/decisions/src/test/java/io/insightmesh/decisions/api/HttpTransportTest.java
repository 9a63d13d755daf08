package io.insightmesh.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HttpTransportTest {
  @Inject Vertx vertx;

  @Test
  void theEventLoopsRunOnEpollWhereverTheEngineShipsItsLibrary() {
    // On Linux x86-64 a missing or broken native library would quietly put the answers back on
    // NIO, costing CPU per claim at a constant rate; elsewhere NIO is the expected fallback.
    assertThat(vertx.isNativeTransportEnabled())
        .as("native transport (unavailable because: %s)", vertx.unavailableNativeTransportCause())
        .isEqualTo(HttpTransport.expectsEpoll());
  }
}
