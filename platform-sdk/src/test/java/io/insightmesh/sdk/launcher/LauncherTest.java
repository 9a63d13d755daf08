package io.insightmesh.sdk.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.insightmesh.sdk.launcher.HealthProbe.Health;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowingConsumer;
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
    awaitCatalogStatus(
        later,
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
    // It holds the lock until told to let go, not for a while: however late this thread gets to
    // down(), the lock is still held then.
    Process other =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl, sys\n"
                    + "f = open(sys.argv[1], 'w')\n"
                    + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                    + "print('locked', flush=True)\n"
                    + "sys.stdin.readline()\n",
                lockFile.toString())
            .start();
    try {
      assertThat(other.inputReader().readLine()).isEqualTo("locked");

      CompletableFuture<Integer> down = CompletableFuture.supplyAsync(() -> launcher().down());
      awaitWaitingForAnother();
      assertThat(down).isNotDone();
      other.getOutputStream().close();

      assertThat(down.get(60, TimeUnit.SECONDS)).isZero();
      assertThat(out.toString()).contains("nothing to stop");
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

    // Long enough past the first progress line (2 s) that some poll, each up to a probe's 2 s
    // timeout plus a pause, lands in between even on a loaded machine; which second it names
    // depends on when that poll returns.
    assertThatThrownBy(() -> launcher(Duration.ofSeconds(10)).up(Set.of(Component.CATALOG)))
        .isInstanceOf(ComponentStartException.class)
        .hasMessageContaining("catalog did not become ready within 10 s; it is still running")
        .hasMessageContaining("./mesh down");
    assertThat(out.toString()).containsPattern("catalog: starting… \\d+s");
    assertThat(launcher().status().get(0).running()).isTrue();
  }

  @Test
  void upRefusesWhenTheCatalogIsNotBuilt() throws Exception {
    Files.delete(Component.CATALOG.artifact(layout, Map.of()));

    assertThatThrownBy(() -> launcher().up(Set.of(Component.CATALOG)))
        .isInstanceOf(ComponentStartException.class)
        .hasMessageContaining("catalog is not built")
        .hasMessageContaining("quarkus-run.jar is missing")
        .hasMessageContaining("./mvnw -q -B -DskipTests install");
  }

  @Test
  void askingForAnotherPortThanARunningComponentsIsRefusedAtOnce() {
    launcher().up(Set.of(Component.CATALOG));
    long pid = layout.pidFile(Component.CATALOG).process().orElseThrow().pid();
    int other = TestCheckouts.freePort();
    Launcher elsewhere =
        launcher(new Ports(Map.of(Component.CATALOG, other)), Map.of(), Duration.ofSeconds(5));

    assertThatThrownBy(() -> elsewhere.up(Set.of(Component.CATALOG)))
        .isInstanceOf(AlreadyRunningException.class)
        .hasMessage(
            "catalog is already running on port "
                + port
                + " (pid "
                + pid
                + "), not "
                + other
                + "; stop it first (./mesh down catalog)");
    assertThat(out.toString()).doesNotContain("catalog: starting…");
    assertThat(layout.pidFile(Component.CATALOG).process()).isPresent();
  }

  @Test
  void statusShowsThePortARunningComponentReallyListensOn() {
    launcher().up(Set.of(Component.CATALOG));
    Launcher elsewhere =
        launcher(
            new Ports(Map.of(Component.CATALOG, TestCheckouts.freePort())),
            Map.of(),
            Launcher.READY_TIMEOUT);

    awaitCatalogStatus(
        elsewhere,
        status -> {
          assertThat(status.url()).hasToString("http://localhost:" + port);
          assertThat(status.health()).isEqualTo(Health.UP);
        });
  }

  /** Waits until a launcher says it waits for another holding the data directory. */
  private void awaitWaitingForAnother() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(out.toString())
                    .contains("another ./mesh up or down is running on " + layout.dataDirectory()));
  }

  /**
   * Asks for the catalog's status until it is as {@code expected}: one health probe may time out on
   * a loaded machine, and a catalog that is up answers a later one.
   */
  private static void awaitCatalogStatus(
      Launcher launcher, ThrowingConsumer<ComponentStatus> expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(launcher.status())
                    .filteredOn(status -> status.component() == Component.CATALOG)
                    .singleElement()
                    .satisfies(expected));
  }

  @Test
  void aTakenPortOfAComponentWithoutAPortOptionNamesOnlyItsVariable() throws Exception {
    TestCheckouts.withFakeEngine(home);
    int enginePort = TestCheckouts.freePort();
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", enginePort));

      assertThatThrownBy(
              () ->
                  launcher(
                          new Ports(Map.of(Component.ENGINE, enginePort)),
                          Map.of(),
                          Launcher.READY_TIMEOUT)
                      .up(Set.of(Component.ENGINE)))
          .isInstanceOf(PortInUseException.class)
          .hasMessageStartingWith("port " + enginePort + " is already in use")
          .hasMessageEndingWith("; stop it, or choose another port with MESH_ENGINE_PORT");
    }
  }

  @Test
  void aDownWaitsWhileAnUpHoldsTheDataDirectoryBetweenItsSteps() throws Exception {
    Launcher up = launcher();
    CompletableFuture<Integer> down;
    // As ./mesh up holds it from its first component to its last, the demo's publish between.
    try (Launcher.Exclusive held = up.exclusive()) {
      up.up(Set.of(Component.CATALOG));
      down = CompletableFuture.supplyAsync(() -> launcher().down());
      awaitWaitingForAnother();
      assertThat(down).isNotDone();
      up.up(Set.of(Component.CATALOG));
    }

    assertThat(down.get(60, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(out.toString()).contains("stopped catalog");
  }

  @Test
  void trinosClientPortReachesACatalogStartedLaterWithoutTheVariable() throws Exception {
    Map<String, String> fakeTrino = TestCheckouts.withFakeTrino(home.resolve("trino-install"));
    int https = TestCheckouts.freePort();
    Ports ports =
        new Ports(Map.of(Component.CATALOG, port, Component.TRINO, TestCheckouts.freePort()));
    launcher(ports, withVariable(fakeTrino, "MESH_TRINO_HTTPS_PORT", https), Launcher.READY_TIMEOUT)
        .up(Set.of(Component.CATALOG, Component.TRINO));
    assertThat(out.toString()).contains("trino ready at https://localhost:" + https);
    launcher().down(Set.of(Component.CATALOG));
    long logged = Files.size(layout.log(Component.CATALOG));

    launcher(ports, fakeTrino, Launcher.READY_TIMEOUT).up(Set.of(Component.CATALOG));

    assertThat(Launcher.tail(layout.log(Component.CATALOG), logged))
        .contains("fake catalog: Trino's clients connect to https://localhost:" + https);
  }

  @Test
  void askingForAnotherHttpsPortThanRunningTrinosIsRefusedAtOnce() {
    Map<String, String> fakeTrino = TestCheckouts.withFakeTrino(home.resolve("trino-install"));
    int https = TestCheckouts.freePort();
    Ports ports =
        new Ports(Map.of(Component.CATALOG, port, Component.TRINO, TestCheckouts.freePort()));
    launcher(ports, withVariable(fakeTrino, "MESH_TRINO_HTTPS_PORT", https), Launcher.READY_TIMEOUT)
        .up(Set.of(Component.CATALOG, Component.TRINO));
    long pid = layout.pidFile(Component.TRINO).process().orElseThrow().pid();
    int other = TestCheckouts.freePort();
    Launcher elsewhere =
        launcher(
            ports, withVariable(fakeTrino, "MESH_TRINO_HTTPS_PORT", other), Launcher.READY_TIMEOUT);

    assertThatThrownBy(() -> elsewhere.up(Set.of(Component.TRINO)))
        .isInstanceOf(AlreadyRunningException.class)
        .hasMessage(
            "trino is already running with its HTTPS port on "
                + https
                + " (pid "
                + pid
                + "), not "
                + other
                + "; stop it first (./mesh down trino)");
  }

  @Test
  void aTakenTrinoClientPortIsRefusedBeforeTrinoStartsNamingItsVariable() throws Exception {
    int https = TestCheckouts.freePort();
    Map<String, String> environment =
        withVariable(
            TestCheckouts.withFakeTrino(home.resolve("trino-install")),
            "MESH_TRINO_HTTPS_PORT",
            https);
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", https));

      assertThatThrownBy(
              () ->
                  launcher(
                          new Ports(Map.of(Component.TRINO, TestCheckouts.freePort())),
                          environment,
                          Launcher.READY_TIMEOUT)
                      .up(Set.of(Component.TRINO)))
          .isInstanceOf(PortInUseException.class)
          .hasMessageStartingWith("port " + https + " (trino's HTTPS port) is already in use")
          .hasMessageEndingWith("; stop it, or choose another port with MESH_TRINO_HTTPS_PORT");
    }
    assertThat(layout.pidFile(Component.TRINO).exists()).isFalse();
  }

  @Test
  void trinoWithoutJava25IsRefusedBeforeAnythingStarts() {
    Path noJdk = home.resolve("no-jdk");
    Map<String, String> environment =
        withVariable(
            TestCheckouts.withFakeTrino(home.resolve("trino-install")),
            "MESH_TRINO_JAVA_HOME",
            noJdk);

    assertThatThrownBy(
            () ->
                launcher(
                        new Ports(
                            Map.of(
                                Component.CATALOG,
                                port,
                                Component.TRINO,
                                TestCheckouts.freePort())),
                        environment,
                        Launcher.READY_TIMEOUT)
                    .up(Set.of(Component.CATALOG, Component.TRINO)))
        .isInstanceOf(ComponentStartException.class)
        .hasMessage(
            "trino needs Java 25 and there is no "
                + noJdk.resolve("bin/java")
                + "; install a Java 25 JDK there or name its home in MESH_TRINO_JAVA_HOME");
    assertThat(out.toString()).doesNotContain("starting catalog");
    assertThat(layout.pidFile(Component.CATALOG).exists()).isFalse();
  }

  private static Map<String, String> withVariable(
      Map<String, String> environment, String variable, Object value) {
    Map<String, String> with = new HashMap<>(environment);
    with.put(variable, String.valueOf(value));
    return with;
  }

  private Launcher launcher() {
    return launcher(Launcher.READY_TIMEOUT);
  }

  private Launcher launcher(Duration readyTimeout) {
    return launcher(new Ports(Map.of(Component.CATALOG, port)), Map.of(), readyTimeout);
  }

  private Launcher launcher(Ports ports, Map<String, String> environment, Duration readyTimeout) {
    return new Launcher(
        layout,
        ports,
        environment,
        new ProcessSupervisor(),
        new HealthProbe(),
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        readyTimeout,
        // The grace before SIGKILL, which would skip the shutdown hook whose line a test reads: a
        // loaded machine may be slow to run it.
        Duration.ofSeconds(60));
  }
}
