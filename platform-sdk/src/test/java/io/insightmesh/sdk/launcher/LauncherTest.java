package io.insightmesh.sdk.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.sdk.launcher.HealthProbe.Health;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against a real background process: the {@link FakeCatalog}. */
class LauncherTest {
  @TempDir Path home;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private PlatformLayout layout;
  private int port;

  @BeforeEach
  void checkout() {
    TestCheckouts.withFakeCatalog(home);
    layout = new PlatformLayout(home, home.resolve("data"));
    port = TestCheckouts.freePort();
  }

  @AfterEach
  void stopEverything() {
    launcher(Duration.ofSeconds(60)).down();
  }

  @Test
  void statusOfAStoppedComponent() {
    assertThat(launcher().status())
        .filteredOn(status -> status.component() == Component.CATALOG)
        .singleElement()
        .satisfies(
            status -> {
              assertThat(status.component()).isEqualTo(Component.CATALOG);
              assertThat(status.running()).isFalse();
              assertThat(status.health()).isEqualTo(Health.DOWN);
              assertThat(status.url()).hasToString("http://localhost:" + port);
            });
  }

  @Test
  void downWithNothingRunningSaysSo() {
    assertThat(launcher().down()).isZero();

    assertThat(out.toString())
        .contains("nothing to stop")
        .contains(layout.dataDirectory().toString());
  }

  @Test
  void downRemovesAStalePidFile() throws Exception {
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    layout.pidFile(Component.CATALOG).write(exited.toHandle());

    assertThat(launcher().down()).isZero();

    assertThat(out.toString()).contains("catalog was not running (removed its stale pid file)");
    assertThat(layout.pidFile(Component.CATALOG).exists()).isFalse();
  }

  @Test
  void upStartsTheCatalogAndDownStopsIt() {
    launcher().up(Set.of(Component.CATALOG));

    assertThat(out.toString())
        .contains("catalog ready at http://localhost:" + port)
        .contains("Iceberg REST: http://localhost:" + port + "/iceberg, warehouse mesh")
        .contains("./mesh token admin");
    ProcessHandle process = layout.pidFile(Component.CATALOG).process().orElseThrow();
    assertThat(layout.log(Component.CATALOG))
        .content()
        .contains("fake catalog listening on port " + port);
    assertThat(layout.credentialsDirectory().resolve("admin")).exists();

    // A later invocation finds it by its pid and port files, without being told the port.
    Launcher later =
        new Launcher(
            layout, Ports.defaults(), new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(later.port(Component.CATALOG)).isEqualTo(port);
    assertThat(later.status())
        .filteredOn(status -> status.component() == Component.CATALOG)
        .singleElement()
        .satisfies(
            status -> {
              assertThat(status.running()).isTrue();
              assertThat(status.pid()).hasValue(process.pid());
              assertThat(status.health()).isEqualTo(Health.UP);
            });

    later.up(Set.of(Component.CATALOG));
    assertThat(out.toString()).contains("catalog is already running at http://localhost:" + port);

    assertThat(later.down()).isEqualTo(1);
    assertThat(out.toString()).contains("stopped catalog (pid " + process.pid() + ")");
    assertThat(process.isAlive()).isFalse();
    assertThat(layout.log(Component.CATALOG)).content().contains("fake catalog stopped");
    assertThat(layout.pidFile(Component.CATALOG).exists()).isFalse();
    assertThat(launcher().status().get(0).running()).isFalse();
  }

  @Test
  void downStopsOnlyTheNamedComponents() {
    launcher().up(Set.of(Component.CATALOG));
    ProcessHandle catalog = layout.pidFile(Component.CATALOG).process().orElseThrow();

    assertThat(launcher().down(Set.of(Component.TRINO, Component.ENGINE))).isZero();
    assertThat(out.toString())
        .contains("nothing to stop: engine, trino are not running")
        .doesNotContain("stopping catalog");
    assertThat(catalog.isAlive()).isTrue();

    assertThat(launcher().down(Set.of(Component.CATALOG))).isEqualTo(1);
    assertThat(out.toString()).contains("stopped catalog (pid " + catalog.pid() + ")");
    assertThat(catalog.isAlive()).isFalse();
  }

  @Test
  void upAndDownWaitForAnotherOnTheSameDataDirectory() throws Exception {
    // Another process's ./mesh up, as the kernel sees it: a POSIX lock on the launcher lock file.
    Path lockFile = layout.runDirectory().resolve("launcher.lock");
    Files.createDirectories(lockFile.getParent());
    Process other =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl, sys, time\n"
                    + "f = open(sys.argv[1], 'w')\n"
                    + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                    + "print('locked', flush=True)\n"
                    + "time.sleep(2)\n",
                lockFile.toString())
            .start();
    try {
      assertThat(other.inputReader().readLine()).isEqualTo("locked");

      assertThat(launcher().down()).isZero();

      assertThat(out.toString())
          .contains("another ./mesh up or down is running on " + layout.dataDirectory())
          .contains("nothing to stop");
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void upRefusesAPortSomethingElseHolds() throws Exception {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", port));

      assertThatThrownBy(() -> launcher().up(Set.of(Component.CATALOG)))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("port " + port + " is already in use")
          .hasMessageContaining("--catalog-port or MESH_CATALOG_PORT");
    }
    assertThat(layout.pidFile(Component.CATALOG).exists()).isFalse();
  }

  @Test
  void upShowsTheLogWhenTheCatalogDiesWhileStarting() throws Exception {
    Files.createDirectories(layout.dataDirectory());
    Files.createFile(layout.dataDirectory().resolve(FakeCatalog.FAIL_ON_START));

    assertThatThrownBy(() -> launcher().up(Set.of(Component.CATALOG)))
        .isInstanceOf(ComponentStartException.class)
        .hasMessageContaining("catalog exited while starting")
        .hasMessageContaining(layout.log(Component.CATALOG).toString())
        .hasMessageContaining("fake catalog: cannot open the metadata store");
    assertThat(layout.pidFile(Component.CATALOG).exists()).isFalse();
  }

  @Test
  void upGivesUpOnACatalogThatNeverBecomesReady() throws Exception {
    Files.createDirectories(layout.dataDirectory());
    Files.createFile(layout.dataDirectory().resolve(FakeCatalog.NEVER_READY));

    assertThatThrownBy(() -> launcher(Duration.ofSeconds(3)).up(Set.of(Component.CATALOG)))
        .isInstanceOf(ComponentStartException.class)
        .hasMessageContaining("catalog did not become ready within 3 s; it is still running")
        .hasMessageContaining("./mesh down");
    assertThat(out.toString()).contains("catalog: starting… 2s");
    assertThat(launcher().status().get(0).running()).isTrue();
  }

  @Test
  void upRefusesWhenTheCatalogIsNotBuilt() throws Exception {
    Files.delete(Component.CATALOG.artifact(layout));

    assertThatThrownBy(() -> launcher().up(Set.of(Component.CATALOG)))
        .isInstanceOf(ComponentStartException.class)
        .hasMessageContaining("catalog is not built")
        .hasMessageContaining("quarkus-run.jar is missing")
        .hasMessageContaining("./mvnw -q -B -DskipTests install");
  }

  private Launcher launcher() {
    return launcher(Launcher.READY_TIMEOUT);
  }

  private Launcher launcher(Duration readyTimeout) {
    return new Launcher(
        layout,
        new Ports(Map.of(Component.CATALOG, port)),
        new ProcessSupervisor(),
        new HealthProbe(),
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        readyTimeout,
        Duration.ofSeconds(10));
  }
}
