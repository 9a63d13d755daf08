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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
  private final ProcessSupervisor supervisor;
  private final HealthProbe health;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Duration readyTimeout;
  private final Duration stopGrace;

  /** A launcher that reports progress to {@code out} and warnings to {@code err}. */
  public Launcher(PlatformLayout layout, Ports ports, PrintWriter out, PrintWriter err) {
    this(
        layout,
        ports,
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
      ProcessSupervisor supervisor,
      HealthProbe health,
      PrintWriter out,
      PrintWriter err,
      Duration readyTimeout,
      Duration stopGrace) {
    this.layout = requireNonNull(layout, "layout is null");
    this.ports = requireNonNull(ports, "ports is null");
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
   * The port {@code component} listens on: the one asked for, else the one a running instance was
   * started on, else the default.
   */
  public int port(Component component) {
    return ports
        .requested(component)
        .orElseGet(
            () ->
                layout.pidFile(component).process().isPresent()
                    ? recordedPort(component).orElse(component.defaultPort())
                    : component.defaultPort());
  }

  /**
   * Starts {@code components} in start order and waits until each is ready; a component that is
   * already running and ready is left alone.
   *
   * @throws ComponentStartException if a component is not built, exits while starting or is not
   *     ready in time
   * @throws PortInUseException if another process holds a component's port
   */
  public void up(Set<Component> components) {
    try (Exclusive running = exclusive()) {
      for (Component component : Component.values()) {
        if (components.contains(component)) {
          up(component);
        }
      }
    }
  }

  /** Holding the data directory's launcher lock: one up or down at a time per data directory. */
  private final class Exclusive implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    Exclusive(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot release " + lockFile(), e);
      }
    }
  }

  /**
   * Takes the data directory's launcher lock, waiting for another {@code ./mesh up} or {@code down}
   * to finish: two at once would both find a port free, both start a component and leave its pid
   * file naming the one that lost.
   */
  private Exclusive exclusive() {
    Path file = lockFile();
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          out.println(
              "another ./mesh up or down is running on " + layout.dataDirectory() + "; waiting…");
          out.flush();
          lock = channel.lock();
        }
        return new Exclusive(channel, lock);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock " + file, e);
    }
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
    Path artifact = component.artifact(layout);
    if (!Files.exists(artifact)) {
      throw new ComponentStartException(
          component.id() + " is not built: " + artifact + " is missing; " + component.buildHint());
    }
    int port = ports.requested(component).orElse(component.defaultPort());
    if (!portFree(port)) {
      throw new PortInUseException(portTakenMessage(component, port));
    }
    Path log = layout.log(component);
    long logOffset = size(log);
    out.println("starting " + component.id() + " on port " + port + " (log: " + log + ")");
    out.flush();
    ProcessHandle process =
        supervisor.start(component.command(layout, port, this::port), environment(component), log);
    layout.pidFile(component).write(process);
    writePort(component, port);
    awaitReady(component, process, port, logOffset);
  }

  /** The component's environment, plus where every component listens: they find each other. */
  private Map<String, String> environment(Component component) {
    Map<String, String> environment = new java.util.HashMap<>(component.environment(layout));
    for (Component other : Component.values()) {
      environment.put(other.portVariable(), String.valueOf(port(other)));
    }
    return environment;
  }

  private void awaitReady(Component component, ProcessHandle process, int port, long logOffset) {
    long started = System.nanoTime();
    long nextProgress = started + PROGRESS_INTERVAL.toNanos();
    while (true) {
      // Alive before and after: the port may answer for another process than the one started.
      if (process.isAlive() && component.health(health, port) == Health.UP && process.isAlive()) {
        component.readyMessage(port).forEach(out::println);
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
        + "; stop it, or choose another port with --"
        + component.id()
        + "-port or "
        + component.portVariable();
  }

  private void forget(Component component) {
    layout.pidFile(component).delete();
    try {
      Files.deleteIfExists(layout.portFile(component));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + layout.portFile(component), e);
    }
  }

  private void writePort(Component component, int port) {
    try {
      Files.writeString(layout.portFile(component), port + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + layout.portFile(component), e);
    }
  }

  private Optional<Integer> recordedPort(Component component) {
    try {
      return Optional.of(
          Integer.parseInt(
              Files.readString(layout.portFile(component), StandardCharsets.US_ASCII).strip()));
    } catch (NoSuchFileException | NumberFormatException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + layout.portFile(component), e);
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
