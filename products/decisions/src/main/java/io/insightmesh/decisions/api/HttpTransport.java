package io.insightmesh.decisions.api;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Says at start which transport the HTTP server's event loops run on. The engine prefers Netty's
 * epoll (ADR 0013) and ships its native library for Linux x86-64 only; Vert.x falls back to NIO
 * anywhere else, which costs the answers CPU at a constant arrival rate, so an operator should see
 * the fallback and why, not find it in a benchmark.
 */
@ApplicationScoped
class HttpTransport {
  private static final Logger LOG = Logger.getLogger(HttpTransport.class);

  void report(@Observes StartupEvent start, Vertx vertx) {
    if (vertx.isNativeTransportEnabled()) {
      LOG.info("HTTP event loops on Netty's epoll transport");
    } else if (expectsEpoll()) {
      Throwable cause = vertx.unavailableNativeTransportCause();
      LOG.warnf(
          "HTTP event loops on NIO: Netty's epoll transport did not load (%s)",
          cause == null ? "no cause given" : cause.toString());
    } else {
      LOG.infof(
          "HTTP event loops on NIO: the engine ships epoll for Linux x86-64, this is %s %s",
          System.getProperty("os.name"), System.getProperty("os.arch"));
    }
  }

  /** Whether the shipped native library fits this machine. */
  static boolean expectsEpoll() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
        && System.getProperty("os.arch").equals("amd64");
  }
}
