package io.insightmesh.it.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The load generator of {@code ./mesh bench scoring}: HTTP/1.1 on keep-alive connections, driven by
 * one thread through one NIO selector, so that it can be pinned to a core of its own and still
 * outrun a server on the other core. Every request carries a claim from the templates with a claim
 * id of its own (the engine answers a repeated id from its idempotency map, which would flatter
 * it).
 *
 * <p>Two modes. {@code saturate}: each connection sends its next request as soon as the previous
 * answer is in (closed loop), for the most requests per second the server gives. {@code rate}: a
 * constant arrival rate (open loop): request <i>i</i> is due at {@code start + i / rate} whether or
 * not earlier ones were answered, and its latency is measured from that intended time, not from
 * when a free connection let it go; so a server that stalls is charged for every request the stall
 * delayed, and coordinated omission cannot hide it. Requests still unanswered when the drain
 * deadline passes count as timeouts, at the latency they had reached.
 *
 * <p>The warm-up before the measured window is {@code --warmup-seconds} long, or, with {@code
 * --warmup-max-seconds} above it, at least that long and then until the 2xx/s of three consecutive
 * windows of {@code --window-seconds} differ by less than 5% and the JIT of every process on the
 * server's core ({@code --server-pids}) was quiet in all three, or the maximum is reached. A JIT
 * compiling on the server's own core can take minutes on a slow machine before it stops taking a
 * share of that core, and a fixed warm-up long enough for the slowest machine wastes minutes on a
 * fast one. It creates the {@code --measuring} file when the measured window starts, for whoever
 * samples the server over that window.
 *
 * <p>Writes its result as a properties file; in {@code rate} mode also the wall-clock time each
 * measured claim was acknowledged (2xx), for the visibility measurement.
 */
public final class LoadGenerator {
  static final double[] PERCENTILES = {
    0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100
  };

  /** The most a response can wait unread in rate mode: the resolution of its latencies. */
  private static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * How long before its window the generator collects its own garbage ({@link System#gc}), so that
   * it starts the window with an empty young generation and does not pause in it: a pause of the
   * generator sends every request due meanwhile late, and a late request's latency, measured from
   * its intended time, is charged to the server. The second after it lets the requests the pause
   * held back be sent and answered before anything counts.
   */
  static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * In rate mode the measured window's arrivals are grouped into slices this long by intended send
   * time, each keeping its slowest latency: when the server stalled, to set beside its own log.
   */
  static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * {@link #STEADY_WINDOWS} consecutive warm-up windows closer than this in 2xx/s mean the server
   * is steady.
   */
  static final double STEADY_TOLERANCE = 0.05;

  static final int STEADY_WINDOWS = 3;

  /**
   * The share of a window the server's JIT compiler threads may use for the server to count as
   * warm: throughput alone was fooled by a 15 s plateau at a fifth of the warm rate while C2 still
   * had a queue.
   */
  static final double JIT_QUIET_SHARE = 0.05;

  private static final byte[] CLAIM_ID_FIELD =
      "\"claim_id\":\"".getBytes(StandardCharsets.US_ASCII);

  private final URI url;
  private final List<byte[]> templates;
  private final List<Integer> idOffsets;
  private final byte[] head;
  private final boolean constantRate;
  private final double rate;
  private final int connections;
  private final long warmupNanos;
  private final long warmupMaxNanos;
  private final long windowNanos;
  private final long measureNanos;
  private final Path measuring;
  private final long[] serverPids;
  private long compilerTicksAtWindowBegin;
  private final long idSeed;

  private final Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
  private final Map<Integer, Long> statuses = new TreeMap<>();
  private long ioErrors;
  private long timeouts;
  private long completedInWindow;
  private long okInWindow;
  private long sent;
  private long[] ackMicros = new long[0];
  private long[] slowestInSlice = new long[0];
  private long firstMeasuredIndex = -1;
  private long start;
  private long epochMicrosAtStart;
  private long measureStart;
  private long measureEnd;
  private final List<Double> windows = new ArrayList<>();
  private final List<Double> jitShares = new ArrayList<>();
  private long windowBegin;
  private long okInWarmupWindow;
  private String warmupOutcome = "fixed";

  private boolean collectedBeforeWindow;
  private long[] collectionsAtWindowStart;
  private long[] collectionsInWindow;

  private LoadGenerator(Map<String, String> options) throws IOException {
    url = URI.create(required(options, "url"));
    templates = new ArrayList<>();
    idOffsets = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(required(options, "templates")))) {
      if (line.isBlank()) {
        continue;
      }
      byte[] body = line.getBytes(StandardCharsets.UTF_8);
      int offset = indexOf(body, CLAIM_ID_FIELD);
      if (offset < 0) {
        throw new IllegalArgumentException("Template without a claim_id: " + line);
      }
      templates.add(body);
      idOffsets.add(offset + CLAIM_ID_FIELD.length);
    }
    String token = options.getOrDefault("token", "-");
    String authorization = token.equals("-") ? "" : "Authorization: Bearer " + token + "\r\n";
    head =
        ("POST "
                + url.getRawPath()
                + " HTTP/1.1\r\nHost: "
                + url.getAuthority()
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                + authorization
                + "Content-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
    constantRate = required(options, "mode").equals("rate");
    rate = Double.parseDouble(options.getOrDefault("rate", "0"));
    connections = Integer.parseInt(options.getOrDefault("connections", "64"));
    warmupNanos =
        TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("warmup-seconds", "5")));
    long warmupMax =
        Long.parseLong(
            options.getOrDefault(
                "warmup-max-seconds", options.getOrDefault("warmup-seconds", "5")));
    warmupMaxNanos = Math.max(warmupNanos, TimeUnit.SECONDS.toNanos(warmupMax));
    windowNanos =
        TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("window-seconds", "5")));
    measureNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("seconds", "10")));
    measuring = options.containsKey("measuring") ? Path.of(options.get("measuring")) : null;
    serverPids =
        options.containsKey("server-pids")
            ? Arrays.stream(options.get("server-pids").split(","))
                .mapToLong(Long::parseLong)
                .toArray()
            : new long[0];
    idSeed = Long.parseLong(options.getOrDefault("id-seed", "1"));
    if (constantRate && rate <= 0) {
      throw new IllegalArgumentException(
          "Invalid --rate " + rate + ": rate mode needs a rate above 0");
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchmarkOptions.parseOrExit(
            args,
            "--url=URL --templates=FILE --mode=saturate|rate --rate=N --connections=N"
                + " --warmup-seconds=N --warmup-max-seconds=N --window-seconds=N --seconds=N"
                + " --token=T --id-seed=N --out=FILE --acks=FILE --measuring=FILE --server-pids=PID,PID");
    LoadGenerator generator = new LoadGenerator(options);
    generator.run();
    generator.write(Path.of(required(options, "out")));
    if (options.containsKey("acks")) {
      generator.writeAcks(Path.of(options.get("acks")));
    }
  }

  /** The claim id of request {@code index} of a run seeded {@code idSeed}. */
  static String claimId(long idSeed, long index) {
    return new UUID(idSeed, index).toString();
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Missing --" + name);
    }
    return value;
  }

  /** One keep-alive connection and the request it has in flight, if any. */
  private final class Connection {
    final SocketChannel channel;
    final SelectionKey key;
    final ByteBuffer out = ByteBuffer.allocate(1 << 16);
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    long index = -1;
    long intended;

    Connection(Selector selector) throws IOException {
      channel = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()));
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      key = channel.register(selector, 0, this);
    }

    void send(long requestIndex, long intendedNanos) throws IOException {
      index = requestIndex;
      intended = intendedNanos;
      byte[] body = templates.get((int) (requestIndex % templates.size()));
      int offset = idOffsets.get((int) (requestIndex % templates.size()));
      out.clear();
      out.put(head).put(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
      out.put((byte) '\r').put((byte) '\n').put((byte) '\r').put((byte) '\n');
      int bodyStart = out.position();
      out.put(body);
      byte[] id = claimId(idSeed, requestIndex).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < id.length; i++) {
        out.put(bodyStart + offset + i, id[i]);
      }
      out.flip();
      in.clear();
      sent++;
      channel.write(out);
      key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** The status of the complete response in {@code in}, or -1 while it is incomplete. */
    int response() {
      byte[] bytes = in.array();
      int length = in.position();
      int headerEnd = indexOf(bytes, length, HEADER_END);
      if (headerEnd < 0) {
        return -1;
      }
      int bodyStart = headerEnd + 4;
      String headers = new String(bytes, 0, headerEnd, StandardCharsets.US_ASCII);
      String lower = headers.toLowerCase(Locale.ROOT);
      int contentLength = lower.indexOf("\r\ncontent-length:");
      if (contentLength >= 0) {
        int valueStart = contentLength + "\r\ncontent-length:".length();
        int valueEnd = lower.indexOf("\r\n", valueStart);
        int size =
            Integer.parseInt(
                lower.substring(valueStart, valueEnd < 0 ? lower.length() : valueEnd).trim());
        if (length < bodyStart + size) {
          return -1;
        }
      } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
        if (indexOf(bytes, length, LAST_CHUNK) < 0) {
          return -1;
        }
      }
      return Integer.parseInt(headers.substring(9, 12));
    }
  }

  private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private void run() throws IOException {
    try (Selector selector = Selector.open()) {
      ArrayDeque<Connection> idle = new ArrayDeque<>();
      for (int i = 0; i < connections; i++) {
        idle.add(new Connection(selector));
      }
      if (constantRate) {
        ackMicros = new long[(int) Math.ceil(rate * measureNanos / 1e9) + 16];
        slowestInSlice = new long[(int) (measureNanos / SLICE_NANOS) + 1];
      }
      epochMicrosAtStart = epochMicros();
      start = System.nanoTime();
      windowBegin = start;
      compilerTicksAtWindowBegin = compilerTicks(serverPids);
      // Both modes: a rate run right after a saturated one still compiles. The saturated run's
      // 64 connections never opened or closed once warm, so new ones send the event loops down
      // paths their compiled code never saw, and C2 recompiled the HTTP path for over 30 s.
      boolean untilSteady = warmupMaxNanos > warmupNanos;
      if (untilSteady) {
        // Unknown until three windows agree; far enough ahead that no request counts before then.
        measureStart = Long.MAX_VALUE / 2;
        measureEnd = Long.MAX_VALUE / 2;
      } else {
        measureStart = start + warmupNanos;
        measureEnd = measureStart + measureNanos;
      }
      double intervalNanos = constantRate ? 1e9 / rate : 0;
      long scheduled = 0;
      long next = 0;
      long inFlight = 0;
      boolean measuringStarted = false;
      while (true) {
        long now = System.nanoTime();
        if (now < measureStart && now - windowBegin >= windowNanos) {
          endWarmupWindow(now, untilSteady);
        }
        if (!collectedBeforeWindow && now >= measureStart - SETTLE_NANOS) {
          collectedBeforeWindow = true;
          System.gc();
          continue;
        }
        if (!measuringStarted && now >= measureStart) {
          measuringStarted = true;
          collectionsAtWindowStart = collections();
          if (measuring != null) {
            Files.writeString(measuring, Long.toString(epochMicros()));
          }
        }
        if (measuringStarted && collectionsInWindow == null && now >= measureEnd) {
          collectionsInWindow = since(collectionsAtWindowStart);
        }
        long drainDeadline = measureEnd + DRAIN_NANOS;
        boolean sending = now < measureEnd;
        if (constantRate) {
          if (sending) {
            scheduled = Math.max(scheduled, (long) ((now - start) / intervalNanos) + 1);
          }
          while (next < scheduled && !idle.isEmpty()) {
            long intended = start + (long) (next * intervalNanos);
            if (intended >= measureStart && firstMeasuredIndex < 0) {
              firstMeasuredIndex = next;
            }
            if (send(selector, idle, idle.poll(), next++, intended)) {
              inFlight++;
            }
          }
          if (!sending && (next >= scheduled && inFlight == 0 || now >= drainDeadline)) {
            timeOut(selector, next, scheduled, intervalNanos, measureStart, now);
            break;
          }
        } else {
          while (sending && !idle.isEmpty()) {
            if (send(selector, idle, idle.poll(), next++, System.nanoTime())) {
              inFlight++;
            }
          }
          if (!sending && (inFlight == 0 || now >= drainDeadline)) {
            break;
          }
        }
        int ready;
        if (!constantRate) {
          ready = selector.select(100);
        } else {
          long nextDue = start + (long) (scheduled * intervalNanos);
          long wait = nextDue - System.nanoTime();
          if (!sending || wait > TimeUnit.MILLISECONDS.toNanos(2)) {
            ready = selector.select(sending ? Math.max(1, wait / 1_000_000 - 1) : 10);
          } else {
            // Select's timeout is in milliseconds; for shorter gaps, poll and park briefly. A
            // spinning thread would lose the core to every other runnable thread on a busy machine
            // and send late, which would be charged to the server.
            ready = selector.selectNow();
            if (ready == 0 && wait > 0) {
              LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
            }
          }
        }
        if (ready == 0) {
          continue;
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          Connection connection = (Connection) key.attachment();
          try {
            if (key.isWritable()) {
              connection.channel.write(connection.out);
              if (!connection.out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
              }
              continue;
            }
            if (!key.isReadable()) {
              continue;
            }
            if (!connection.in.hasRemaining()) {
              ByteBuffer bigger = ByteBuffer.allocate(connection.in.capacity() * 2);
              connection.in.flip();
              connection.in = bigger.put(connection.in);
            }
            int read = connection.channel.read(connection.in);
            if (read < 0) {
              throw new IOException("closed by the server");
            }
            int status = connection.response();
            if (status < 0) {
              continue;
            }
            long done = System.nanoTime();
            completed(connection, status, done);
            key.interestOps(0);
            inFlight--;
            if (!constantRate && done < measureEnd) {
              if (send(selector, idle, connection, next++, System.nanoTime())) {
                inFlight++;
              }
            } else {
              idle.add(connection);
            }
          } catch (IOException e) {
            ioErrors++;
            inFlight--;
            key.cancel();
            connection.channel.close();
            idle.add(new Connection(selector));
          }
        }
      }
    }
  }

  /**
   * Sends request {@code index} on {@code connection}; false if the connection broke, which counts
   * as an error and puts a fresh connection in its place.
   */
  private boolean send(
      Selector selector,
      ArrayDeque<Connection> idle,
      Connection connection,
      long index,
      long intended)
      throws IOException {
    try {
      connection.send(index, intended);
      return true;
    } catch (IOException e) {
      ioErrors++;
      connection.key.cancel();
      connection.channel.close();
      idle.add(new Connection(selector));
      return false;
    }
  }

  /**
   * Closes a warm-up window at {@code now}; when warming until steady, starts the measured window
   * once the minimum is over and the last three windows agree, or once the maximum is reached.
   */
  private void endWarmupWindow(long now, boolean untilSteady) {
    double seconds = (now - windowBegin) / 1e9;
    double okPerSecond = okInWarmupWindow / seconds;
    long compilerTicks = compilerTicks(serverPids);
    double jitShare =
        (compilerTicks - compilerTicksAtWindowBegin)
            / ThreadCpu.TICKS_PER_SECOND
            / Math.max(seconds, 1e-3);
    compilerTicksAtWindowBegin = compilerTicks;
    windows.add(okPerSecond);
    jitShares.add(jitShare);
    okInWarmupWindow = 0;
    windowBegin = now;
    System.out.printf(
        Locale.ROOT,
        "[load generator] warm-up %3.0f s: %,.0f 2xx/s%s%n",
        (now - start) / 1e9,
        okPerSecond,
        serverPids.length > 0
            ? String.format(Locale.ROOT, ", server JIT %.0f%% of a core", jitShare * 100)
            : "");
    if (!untilSteady || measureStart < Long.MAX_VALUE / 2) {
      // Fixed warm-up, or the window is set and the generator is settling before it.
      return;
    }
    boolean steady =
        now - start >= warmupNanos
            && steady(windows)
            && (!constantRate || keepsUp(windows, rate))
            && (serverPids.length == 0 || jitQuiet(jitShares));
    if (steady || now - start >= warmupMaxNanos) {
      warmupOutcome = steady ? "steady" : "cap";
      measureStart = now + SETTLE_NANOS;
      measureEnd = measureStart + measureNanos;
    }
  }

  /**
   * The CPU ticks (user and system) the JIT compiler threads of processes {@code pids} have used,
   * together, from /proc; 0 without a pid or where /proc cannot tell (the throughput rule then
   * decides alone).
   */
  static long compilerTicks(long... pids) {
    long ticks = 0;
    for (long pid : pids) {
      ticks +=
          ThreadCpu.ticks(
              pid,
              name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre"));
    }
    return ticks;
  }

  /**
   * Whether each of the last three windows answered within {@link #STEADY_TOLERANCE} of the offered
   * {@code rate}: an overloaded server draining a backlog gives three alike windows above the rate
   * (seen: 9,582 and 9,217 2xx/s at an offered 6,300/s, and seconds of latency in the measured
   * window).
   */
  static boolean keepsUp(List<Double> windows, double rate) {
    return windows.size() >= STEADY_WINDOWS
        && lastWindows(windows).stream()
            .allMatch(okPerSecond -> Math.abs(okPerSecond - rate) / rate < STEADY_TOLERANCE);
  }

  /**
   * Whether the server's JIT used under {@link #JIT_QUIET_SHARE} of a core in each of the last
   * three windows, the ones whose 2xx/s must agree.
   */
  static boolean jitQuiet(List<Double> jitShares) {
    // All three, not the last: C2 compiles in waves minutes apart, and a measured window that
    // followed one quiet 5 s window had C2 at 13% of the core (docs/benchmarks/scoring.md).
    return jitShares.size() >= STEADY_WINDOWS
        && lastWindows(jitShares).stream().allMatch(share -> share < JIT_QUIET_SHARE);
  }

  /** The last {@link #STEADY_WINDOWS} of a per-window series that has at least that many. */
  private static List<Double> lastWindows(List<Double> series) {
    return series.subList(series.size() - STEADY_WINDOWS, series.size());
  }

  /**
   * Whether the last three windows' 2xx/s lie within {@link #STEADY_TOLERANCE} of their highest.
   */
  static boolean steady(List<Double> windows) {
    // Three windows, not two: a JIT finishing in steps gives plateaus of two alike windows while
    // the rate is still climbing (seen: 20-25 s within 3%, then a further rise).
    if (windows.size() < STEADY_WINDOWS) {
      return false;
    }
    List<Double> last = lastWindows(windows);
    double low = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double high = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    return low > 0 && (high - low) / high < STEADY_TOLERANCE;
  }

  private void completed(Connection connection, int status, long done) {
    if (done < measureStart && status / 100 == 2) {
      okInWarmupWindow++;
    }
    boolean measured = connection.intended >= measureStart;
    if (done >= measureStart && done < measureEnd && (constantRate || measured)) {
      completedInWindow++;
      if (status / 100 == 2) {
        okInWindow++;
      }
    }
    if (!measured || (!constantRate && done >= measureEnd)) {
      return;
    }
    recordLatency(connection.intended, done - connection.intended);
    statuses.merge(status, 1L, Long::sum);
    if (constantRate && status / 100 == 2) {
      int slot = (int) (connection.index - firstMeasuredIndex);
      if (slot >= 0 && slot < ackMicros.length) {
        ackMicros[slot] = epochMicrosAtStart + (done - start) / 1000;
      }
    }
  }

  /** A measured request's latency, in the histogram and in its arrival's slice. */
  private void recordLatency(long intended, long nanos) {
    latency.recordValue(Math.min(nanos, latency.getHighestTrackableValue()));
    long slice = (intended - measureStart) / SLICE_NANOS;
    if (slice >= 0 && slice < slowestInSlice.length) {
      slowestInSlice[(int) slice] = Math.max(slowestInSlice[(int) slice], nanos);
    }
  }

  /** Counts every measured request not answered by the drain deadline, at the latency reached. */
  private void timeOut(
      Selector selector,
      long next,
      long scheduled,
      double intervalNanos,
      long measureStart,
      long now) {
    for (SelectionKey key : selector.keys()) {
      Connection connection = (Connection) key.attachment();
      if (key.isValid() && key.interestOps() != 0 && connection.intended >= measureStart) {
        timeouts++;
        recordLatency(connection.intended, now - connection.intended);
      }
    }
    for (long index = next; index < scheduled; index++) {
      long intended = start + (long) (index * intervalNanos);
      if (intended >= measureStart) {
        timeouts++;
        recordLatency(intended, now - intended);
      }
    }
  }

  /** This JVM's garbage collections so far, and the milliseconds they took. */
  private static long[] collections() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
      millis += Math.max(0, collector.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  private static long[] since(long[] before) {
    long[] now = collections();
    return new long[] {now[0] - before[0], now[1] - before[1]};
  }

  private void write(Path out) throws IOException {
    double seconds = measureNanos / 1e9;
    // A warm-up-only run (--seconds=0) has no window to divide by.
    double divisor = Math.max(seconds, 1e-9);
    Properties result = new Properties();
    result.setProperty("mode", constantRate ? "rate" : "saturate");
    result.setProperty("connections", Integer.toString(connections));
    result.setProperty("target-rate", Double.toString(rate));
    result.setProperty("seconds", Double.toString(seconds));
    result.setProperty("sent", Long.toString(sent));
    result.setProperty("completed-per-second", Double.toString(completedInWindow / divisor));
    result.setProperty("ok-per-second", Double.toString(okInWindow / divisor));
    result.setProperty("measured", Long.toString(latency.getTotalCount()));
    long ok =
        statuses.entrySet().stream()
            .filter(e -> e.getKey() / 100 == 2)
            .mapToLong(Map.Entry::getValue)
            .sum();
    long measuredResponses = statuses.values().stream().mapToLong(Long::longValue).sum();
    result.setProperty("ok", Long.toString(ok));
    result.setProperty("non-2xx", Long.toString(measuredResponses - ok));
    result.setProperty("statuses", statuses.toString());
    result.setProperty("io-errors", Long.toString(ioErrors));
    result.setProperty("timeouts", Long.toString(timeouts));
    StringBuilder points = new StringBuilder();
    for (double percentile : PERCENTILES) {
      long value =
          percentile == 100 ? latency.getMaxValue() : latency.getValueAtPercentile(percentile);
      points.append(points.length() == 0 ? "" : ",").append(percentile).append(':').append(value);
    }
    result.setProperty("latency-nanos", points.toString());
    if (constantRate) {
      result.setProperty(
          "slowest-micros-by-slice",
          java.util.Arrays.stream(slowestInSlice)
              .mapToObj(nanos -> Long.toString(nanos / 1000))
              .collect(java.util.stream.Collectors.joining(",")));
    }
    result.setProperty(
        "warmup-taken-seconds",
        Double.toString(
            ((measureStart < Long.MAX_VALUE / 2 ? measureStart : start) - start) / 1e9));
    result.setProperty("warmup-outcome", warmupOutcome);
    long[] ownCollections =
        collectionsInWindow != null
            ? collectionsInWindow
            : collectionsAtWindowStart != null ? since(collectionsAtWindowStart) : new long[2];
    result.setProperty("generator-collections", Long.toString(ownCollections[0]));
    result.setProperty("generator-collection-millis", Long.toString(ownCollections[1]));
    result.setProperty(
        "warmup-windows",
        windows.stream()
            .map(window -> String.format(Locale.ROOT, "%.1f", window))
            .collect(java.util.stream.Collectors.joining(",")));
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (var writer = Files.newBufferedWriter(out)) {
      result.store(writer, "LoadGenerator " + url);
    }
  }

  private void writeAcks(Path out) throws IOException {
    StringBuilder acks = new StringBuilder();
    for (int slot = 0; slot < ackMicros.length; slot++) {
      if (ackMicros[slot] != 0) {
        acks.append(claimId(idSeed, firstMeasuredIndex + slot))
            .append(' ')
            .append(ackMicros[slot])
            .append('\n');
      }
    }
    Files.writeString(out, acks);
  }

  private static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  private static int indexOf(byte[] bytes, byte[] pattern) {
    return indexOf(bytes, bytes.length, pattern);
  }

  private static int indexOf(byte[] bytes, int length, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
