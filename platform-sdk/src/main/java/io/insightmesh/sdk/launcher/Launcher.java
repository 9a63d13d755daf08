package io.insightmesh.sdk.launcher;

import static java.util.Objects.requireNonNull;

import io.insightmesh.sdk.launcher.HealthProbe.Health;
import io.insightmesh.sdk.launcher.ProcessSupervisor.StopOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the platform's components as background processes on one machine: what {@code ./mesh up},
 * {@code down} and {@code status} do. State lives in the layout's data directory, so each
 * invocation of {@code ./mesh} finds what an earlier one started.
 */
public final class Launcher {
  /** How long {@code up} waits for a component to become ready. */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /** How long {@code down} lets a component shut down cleanly before killing it. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
  private static final int LOG_TAIL_LINES = 20;
  private static final int LOG_TAIL_BYTES = 64 * 1024;

  private final PlatformLayout layout;
  private final Ports ports;
  private final Map<String, String> environment;
  private final ProcessSupervisor supervisor;
  private final HealthProbe health;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Duration readyTimeout;
  private final Duration stopGrace;

  /** A launcher that reports progress to {@code out} and warnings to {@code err}. */
  public Launcher(PlatformLayout layout, Ports ports, PrintWriter out, PrintWriter err) {
    this(layout, ports, System.getenv(), out, err);
  }

  /**
   * A launcher that reads its settings ({@code MESH_TRINO_JAVA_HOME}, {@code MESH_CACHE_DIR}, ...)
   * from {@code environment} and passes it on to the components it starts.
   */
  public Launcher(
      PlatformLayout layout,
      Ports ports,
      Map<String, String> environment,
      PrintWriter out,
      PrintWriter err) {
    this(
        layout,
        ports,
        environment,
        new ProcessSupervisor(),
        new HealthProbe(),
        out,
        err,
        READY_TIMEOUT,
        STOP_GRACE);
  }

  Launcher(
      PlatformLayout layout,
      Ports ports,
      Map<String, String> environment,
      ProcessSupervisor supervisor,
      HealthProbe health,
      PrintWriter out,
      PrintWriter err,
      Duration readyTimeout,
      Duration stopGrace) {
    this.layout = requireNonNull(layout, "layout is null");
    this.ports = requireNonNull(ports, "ports is null");
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    this.supervisor = requireNonNull(supervisor, "supervisor is null");
    this.health = requireNonNull(health, "health is null");
    this.out = requireNonNull(out, "out is null");
    this.err = requireNonNull(err, "err is null");
    this.readyTimeout = requireNonNull(readyTimeout, "readyTimeout is null");
    this.stopGrace = requireNonNull(stopGrace, "stopGrace is null");
  }

  public PlatformLayout layout() {
    return layout;
  }

  /**
   * The port {@code component} listens on: the one a running instance was started on, else the one
   * asked for, else the default. A running instance wins over a port asked for: that is where it
   * answers, and {@code up} refuses to start it elsewhere while it runs.
   */
  public int port(Component component) {
    Optional<Integer> running =
        layout.pidFile(component).process().isPresent()
            ? recordedPort(layout.portFile(component))
            : Optional.empty();
    return running.orElseGet(() -> ports.requested(component).orElse(component.defaultPort()));
  }

  /**
   * The port {@code component} binds as its {@code secondary} one, e.g. Trino's HTTPS port: the one
   * a running instance was started on, else the one its variable asks for, else the default.
   *
   * @throws IllegalArgumentException if the variable does not hold a port number
   */
  public int port(Component component, Component.SecondaryPort secondary) {
    Optional<Integer> running =
        layout.pidFile(component).process().isPresent()
            ? recordedPort(layout.portFile(component, secondary))
            : Optional.empty();
    return running.orElseGet(
        () -> secondary.requested(environment).orElse(secondary.defaultPort()));
  }

  /**
   * Checks, before anything starts, that each of {@code components} can be started or is running
   * where it was asked for: {@code ./mesh up} checks the whole platform first, so that a component
   * that cannot start does not leave the ones before it running, nor let it wait minutes to find
   * out.
   *
   * @throws AlreadyRunningException if a running component was asked for on another port
   * @throws ComponentStartException if a component is not built or misses a prerequisite
   * @throws PortInUseException if another process holds a port a component binds
   */
  public void check(Set<Component> components) {
    for (Component component : Component.values()) {
      if (!components.contains(component)) {
        continue;
      }
      Optional<ProcessHandle> running = layout.pidFile(component).process();
      if (running.isPresent()) {
        requireAskedPorts(component, running.get());
      } else {
        requireStartable(component);
      }
    }
  }

  private void requireAskedPorts(Component component, ProcessHandle running) {
    OptionalInt asked = ports.requested(component);
    Optional<Integer> recorded = recordedPort(layout.portFile(component));
    if (asked.isPresent() && recorded.isPresent() && asked.getAsInt() != recorded.get()) {
      throw new AlreadyRunningException(
          alreadyRunning(component, running, "on port " + recorded.get(), asked.getAsInt()));
    }
    for (Component.SecondaryPort secondary : component.secondaryPorts()) {
      OptionalInt askedSecondary = secondary.requested(environment);
      Optional<Integer> recordedSecondary = recordedPort(layout.portFile(component, secondary));
      if (askedSecondary.isPresent()
          && recordedSecondary.isPresent()
          && askedSecondary.getAsInt() != recordedSecondary.get()) {
        throw new AlreadyRunningException(
            alreadyRunning(
                component,
                running,
                "with its " + secondary.description() + " port on " + recordedSecondary.get(),
                askedSecondary.getAsInt()));
      }
    }
  }

  private static String alreadyRunning(
      Component component, ProcessHandle running, String where, int asked) {
    return component.id()
        + " is already running "
        + where
        + " (pid "
        + running.pid()
        + "), not "
        + asked
        + "; stop it first (./mesh down "
        + component.id()
        + ")";
  }

  /**
   * With its prerequisites, built, and every port it binds free. Prerequisites first: ./mesh skips
   * installing Trino's server without Java 25 to run it, and should then say that, not "not built".
   */
  private void requireStartable(Component component) {
    component.requirePrerequisites(environment);
    Path artifact = component.artifact(layout, environment);
    if (!Files.exists(artifact)) {
      throw new ComponentStartException(
          component.id() + " is not built: " + artifact + " is missing; " + component.buildHint());
    }
    int port = ports.requested(component).orElse(component.defaultPort());
    if (!portFree(port)) {
      throw new PortInUseException(portTakenMessage(component, port));
    }
    for (Component.SecondaryPort secondary : component.secondaryPorts()) {
      int secondaryPort = port(component, secondary);
      if (!portFree(secondaryPort)) {
        throw new PortInUseException(
            "port "
                + secondaryPort
                + " ("
                + component.id()
                + "'s "
                + secondary.description()
                + " port) is already in use by a process that ./mesh did not start from data"
                + " directory "
                + layout.dataDirectory()
                + "; stop it, or choose another port with "
                + secondary.variable());
      }
    }
  }

  /**
   * Starts {@code components} in start order and waits until each is ready; a component that is
   * already running and ready is left alone.
   *
   * @throws AlreadyRunningException if a running component was asked for on another port
   * @throws ComponentStartException if a component is not built, misses a prerequisite, exits while
   *     starting or is not ready in time
   * @throws PortInUseException if another process holds a port a component binds
   */
  public void up(Set<Component> components) {
    try (Exclusive running = exclusive()) {
      check(components);
      for (Component component : Component.values()) {
        if (components.contains(component)) {
          up(component);
        }
      }
    }
  }

  /**
   * This JVM's side of each launcher lock, by lock file. The kernel's lock belongs to the process,
   * not a thread, and Java refuses to take it twice in one JVM rather than wait; a thread that
   * already holds it takes it again (an {@code up} inside the hold of {@code ./mesh up}).
   */
  private static final ConcurrentMap<Path, ReentrantLock> HOLDS = new ConcurrentHashMap<>();

  /**
   * Holding the data directory's launcher lock: one {@code up} or {@code down} at a time per data
   * directory. Closed by the thread that took it.
   */
  public final class Exclusive implements AutoCloseable {
    private final ReentrantLock hold;
    private final FileChannel channel;
    private final FileLock lock;

    private Exclusive(ReentrantLock hold, FileChannel channel, FileLock lock) {
      this.hold = hold;
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        if (lock != null) {
          lock.release();
          channel.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot release " + lockFile(), e);
      } finally {
        hold.unlock();
      }
    }
  }

  /**
   * Takes the data directory's launcher lock, waiting for another {@code ./mesh up} or {@code down}
   * to finish: two at once would both find a port free, both start a component and leave its pid
   * file naming the one that lost, or both publish the demo. {@code ./mesh up} holds it from its
   * first component to its last; {@link #up} and {@link #down} take it again inside that hold.
   */
  public Exclusive exclusive() {
    Path file = lockFile();
    ReentrantLock hold = HOLDS.computeIfAbsent(file, unused -> new ReentrantLock());
    if (hold.isHeldByCurrentThread()) {
      hold.lock();
      return new Exclusive(hold, null, null);
    }
    boolean waited = !hold.tryLock();
    if (waited) {
      sayWaiting();
      hold.lock();
    }
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          if (!waited) {
            sayWaiting();
          }
          lock = channel.lock();
        }
        return new Exclusive(hold, channel, lock);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      hold.unlock();
      throw new UncheckedIOException("Cannot lock " + file, e);
    } catch (RuntimeException e) {
      hold.unlock();
      throw e;
    }
  }

  private void sayWaiting() {
    out.println("another ./mesh up or down is running on " + layout.dataDirectory() + "; waiting…");
    out.flush();
  }

  private Path lockFile() {
    return layout.runDirectory().resolve("launcher.lock");
  }

  /**
   * Stops every component that has a pid file, in reverse start order: SIGTERM, then SIGKILL after
   * the grace period.
   *
   * @return how many components were stopped
   */
  public int down() {
    return down(EnumSet.allOf(Component.class));
  }

  /**
   * Stops those of {@code components} that have a pid file, in reverse start order: SIGTERM, then
   * SIGKILL after the grace period. The others keep running.
   *
   * @return how many components were stopped
   */
  public int down(Set<Component> components) {
    try (Exclusive running = exclusive()) {
      return stop(components);
    }
  }

  private int stop(Set<Component> components) {
    List<Component> reverse = new ArrayList<>(Arrays.asList(Component.values()));
    reverse.retainAll(components);
    Collections.reverse(reverse);
    int stopped = 0;
    for (Component component : reverse) {
      PidFile pidFile = layout.pidFile(component);
      if (!pidFile.exists()) {
        continue;
      }
      Optional<ProcessHandle> process = pidFile.process();
      if (process.isEmpty()) {
        forget(component);
        out.println(component.id() + " was not running (removed its stale pid file)");
        continue;
      }
      long pid = process.get().pid();
      out.println("stopping " + component.id() + " (pid " + pid + ")…");
      out.flush();
      if (supervisor.stop(process.get(), stopGrace) == StopOutcome.KILLED) {
        err.println(
            "warning: "
                + component.id()
                + " (pid "
                + pid
                + ") did not stop within "
                + stopGrace.toSeconds()
                + " s of SIGTERM; killed it");
      }
      forget(component);
      out.println("stopped " + component.id() + " (pid " + pid + ")");
      stopped++;
    }
    if (stopped == 0) {
      out.println(
          "nothing to stop: "
              + (reverse.size() == Component.values().length
                  ? "no component is running"
                  : String.join(", ", reverse.stream().map(Component::id).toList())
                      + (reverse.size() == 1 ? " is" : " are")
                      + " not running")
              + " (data directory "
              + layout.dataDirectory()
              + ")");
    }
    out.flush();
    return stopped;
  }

  /** One status per known component, in start order. */
  public List<ComponentStatus> status() {
    List<ComponentStatus> statuses = new ArrayList<>();
    for (Component component : Component.values()) {
      OptionalLong pid =
          layout
              .pidFile(component)
              .process()
              .map(process -> OptionalLong.of(process.pid()))
              .orElse(OptionalLong.empty());
      int port = port(component);
      Health answer = component.health(health, port);
      statuses.add(
          new ComponentStatus(
              component,
              pid,
              port,
              answer,
              answer == Health.UP ? component.progress(health, port) : Optional.empty()));
    }
    return List.copyOf(statuses);
  }

  private void up(Component component) {
    PidFile pidFile = layout.pidFile(component);
    Optional<ProcessHandle> running = pidFile.process();
    if (running.isPresent()) {
      int port = port(component);
      if (component.health(health, port) == Health.UP) {
        out.println(
            component.id()
                + " is already running at "
                + component.baseUri(port)
                + " (pid "
                + running.get().pid()
                + ")");
        out.flush();
        return;
      }
      out.println(
          component.id() + " is running (pid " + running.get().pid() + ") but not ready yet");
      awaitReady(component, running.get(), port, 0);
    } else {
      if (pidFile.exists()) {
        forget(component);
      }
      start(component);
    }
  }

  private void start(Component component) {
    // Again, though check() found it startable: an earlier component may have taken a port since.
    requireStartable(component);
    int port = ports.requested(component).orElse(component.defaultPort());
    Map<Component.SecondaryPort, Integer> secondaryPorts = new LinkedHashMap<>();
    for (Component.SecondaryPort secondary : component.secondaryPorts()) {
      secondaryPorts.put(secondary, port(component, secondary));
    }
    Path log = layout.log(component);
    long logOffset = size(log);
    out.println("starting " + component.id() + " on port " + port + " (log: " + log + ")");
    out.flush();
    Map<String, String> started = environment(component);
    ProcessHandle process =
        supervisor.start(component.command(layout, port, this::port, started), started, log);
    layout.pidFile(component).write(process);
    writePort(layout.portFile(component), port);
    secondaryPorts.forEach(
        (secondary, secondaryPort) ->
            writePort(layout.portFile(component, secondary), secondaryPort));
    awaitReady(component, process, port, logOffset);
  }

  /**
   * The launcher's environment with the component's own on top, plus where every component listens:
   * they find each other.
   */
  private Map<String, String> environment(Component component) {
    Map<String, String> started = new HashMap<>(environment);
    started.putAll(component.environment(layout));
    for (Component other : Component.values()) {
      started.put(other.portVariable(), String.valueOf(port(other)));
      for (Component.SecondaryPort secondary : other.secondaryPorts()) {
        started.put(secondary.variable(), String.valueOf(port(other, secondary)));
      }
    }
    return started;
  }

  private void awaitReady(Component component, ProcessHandle process, int port, long logOffset) {
    long started = System.nanoTime();
    long nextProgress = started + PROGRESS_INTERVAL.toNanos();
    while (true) {
      // Alive before and after: the port may answer for another process than the one started.
      if (process.isAlive() && component.health(health, port) == Health.UP && process.isAlive()) {
        component.readyMessage(port, environment(component)).forEach(out::println);
        out.flush();
        return;
      }
      if (!process.isAlive()) {
        forget(component);
        Path log = layout.log(component);
        throw new ComponentStartException(
            component.id()
                + " exited while starting; the last lines of its log "
                + log
                + ":\n"
                + tail(log, logOffset));
      }
      long now = System.nanoTime();
      if (now - started > readyTimeout.toNanos()) {
        throw new ComponentStartException(
            component.id()
                + " did not become ready within "
                + readyTimeout.toSeconds()
                + " s; it is still running (pid "
                + process.pid()
                + "): see its log "
                + layout.log(component)
                + ", or stop it with ./mesh down");
      }
      if (now >= nextProgress) {
        out.println(
            component.id() + ": starting… " + Duration.ofNanos(now - started).toSeconds() + "s");
        out.flush();
        nextProgress += PROGRESS_INTERVAL.toNanos();
      }
      awaitExit(process, POLL_INTERVAL);
    }
  }

  private String portTakenMessage(Component component, int port) {
    String stranger =
        component.health(health, port) == Health.UP
            ? "another " + component.id() + " that ./mesh did not start from data directory "
            : "a process that is not a "
                + component.id()
                + " started by ./mesh from data directory ";
    return "port "
        + port
        + " is already in use by "
        + stranger
        + layout.dataDirectory()
        + "; stop it, or choose another port with "
        + component.portOption().map(option -> option + " or ").orElse("")
        + component.portVariable();
  }

  private void forget(Component component) {
    layout.pidFile(component).delete();
    List<Path> portFiles = new ArrayList<>(List.of(layout.portFile(component)));
    component
        .secondaryPorts()
        .forEach(secondary -> portFiles.add(layout.portFile(component, secondary)));
    for (Path file : portFiles) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete " + file, e);
      }
    }
  }

  private static void writePort(Path file, int port) {
    try {
      Files.writeString(file, port + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static Optional<Integer> recordedPort(Path file) {
    try {
      return Optional.of(
          Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip()));
    } catch (NoSuchFileException | NumberFormatException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  // Binding the wildcard address fails if anything listens on the port on any address.
  private static boolean portFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // Doubles as the poll interval's pause, and returns at once when the process dies.
  private static void awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillRunning) {
      // expected while the component starts
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot wait for process " + process.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComponentStartException("interrupted while waiting for process " + process.pid());
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** The last lines written to {@code log} after {@code offset}. */
  static String tail(Path log, long offset) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(offset, file.length() - LOG_TAIL_BYTES);
      byte[] bytes = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
      List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}
