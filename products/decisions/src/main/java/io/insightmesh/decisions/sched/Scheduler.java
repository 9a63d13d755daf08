package io.insightmesh.decisions.sched;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Linux's {@code sched_getattr} and {@code sched_setattr} for one thread, which Java has no call
 * for: through the C library's {@code syscall} (JNA), on x86-64 and arm64.
 */
final class Scheduler {
  static final int SCHED_OTHER = 0;
  static final int SCHED_FIFO = 1;
  static final int SCHED_BATCH = 3;

  /** Threads the thread starts get the default policy, not its real-time one. */
  static final long RESET_ON_FORK = 0x01;

  // struct sched_attr, its first version (SCHED_ATTR_SIZE_VER0): size u32, policy u32, flags u64,
  // nice s32, priority u32, runtime u64, deadline u64, period u64.
  private static final int ATTR_BYTES = 48;
  private static final int POLICY_OFFSET = 4;
  private static final int FLAGS_OFFSET = 8;
  private static final int NICE_OFFSET = 16;
  private static final int PRIORITY_OFFSET = 20;
  private static final int RUNTIME_OFFSET = 24;

  /**
   * A thread's scheduling attributes, as far as the engine sets them.
   *
   * @param policy {@link #SCHED_OTHER}, {@link #SCHED_FIFO}, ...
   * @param flags {@link #RESET_ON_FORK} or 0
   * @param nice the nice value, for the default policies
   * @param priority the real-time priority, 1 to 99, for the real-time policies; 0 otherwise
   * @param runtime the time slice in nanoseconds for the default policies (Linux 6.12), 0 for the
   *     kernel's default
   */
  record Attributes(int policy, long flags, int nice, int priority, long runtime) {
    /** The same attributes with another slice. */
    Attributes withRuntime(long nanos) {
      return new Attributes(policy, 0, nice, priority, nanos);
    }

    /**
     * The same attributes as {@link #write} can set them: without the flags {@link #read} reports
     * (such as utilisation clamps, whose values the first version of the structure does not hold).
     */
    Attributes settable() {
      return withRuntime(runtime);
    }

    /** Whether these are a policy of ordinary threads, which an operator's {@code chrt} is not. */
    boolean isDefaultPolicy() {
      return policy == SCHED_OTHER || policy == SCHED_BATCH;
    }

    /** {@code SCHED_FIFO} at {@code priority}, starting its threads on the default policy. */
    static Attributes fifo(int priority) {
      return new Attributes(SCHED_FIFO, RESET_ON_FORK, 0, priority, 0);
    }
  }

  private Scheduler() {}

  /**
   * Why this machine cannot be asked, or empty where it can.
   *
   * @return a sentence for the log
   */
  static Optional<String> unavailable() {
    if (Syscalls.forThisMachine().isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "scheduling attributes are Linux's, and the engine calls them on x86-64 and arm64 only,"
            + " this is "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch"));
  }

  /**
   * The attributes of thread {@code tid}, 0 for the calling thread.
   *
   * @throws LastErrorException if the kernel refuses
   * @throws IllegalStateException if this machine cannot be asked ({@link #unavailable})
   */
  static Attributes read(int tid) {
    Syscalls syscalls = syscalls();
    try (Memory attr = new Memory(ATTR_BYTES)) {
      attr.clear();
      function().invokeInt(new Object[] {syscalls.getattr(), tid, attr, ATTR_BYTES, 0});
      return new Attributes(
          attr.getInt(POLICY_OFFSET),
          attr.getLong(FLAGS_OFFSET),
          attr.getInt(NICE_OFFSET),
          attr.getInt(PRIORITY_OFFSET),
          attr.getLong(RUNTIME_OFFSET));
    }
  }

  /**
   * Gives thread {@code tid}, 0 for the calling thread, these attributes.
   *
   * @throws LastErrorException if the kernel refuses (EPERM: a real-time policy needs {@code
   *     CAP_SYS_NICE} or an {@code RLIMIT_RTPRIO} of at least the priority)
   * @throws IllegalStateException if this machine cannot be asked ({@link #unavailable})
   */
  static void write(int tid, Attributes attributes) {
    Syscalls syscalls = syscalls();
    try (Memory attr = new Memory(ATTR_BYTES)) {
      attr.clear();
      attr.setInt(0, ATTR_BYTES);
      attr.setInt(POLICY_OFFSET, attributes.policy());
      attr.setLong(FLAGS_OFFSET, attributes.flags());
      attr.setInt(NICE_OFFSET, attributes.nice());
      attr.setInt(PRIORITY_OFFSET, attributes.priority());
      attr.setLong(RUNTIME_OFFSET, attributes.runtime());
      function().invokeInt(new Object[] {syscalls.setattr(), tid, attr, 0});
    }
  }

  /** The calling thread's id in the kernel (not Java's), where /proc tells. */
  static OptionalInt currentThreadId() {
    try {
      // "/proc/thread-self" links to "<pid>/task/<tid>".
      return OptionalInt.of(
          Integer.parseInt(
              Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  private static Function function() {
    return Function.getFunction("c", "syscall", Function.THROW_LAST_ERROR);
  }

  private static Syscalls syscalls() {
    return Syscalls.forThisMachine()
        .orElseThrow(() -> new IllegalStateException(unavailable().orElseThrow()));
  }

  /** The system call numbers of {@code sched_getattr} and {@code sched_setattr}. */
  private record Syscalls(long getattr, long setattr) {
    static Optional<Syscalls> forThisMachine() {
      if (!System.getProperty("os.name").startsWith("Linux")) {
        return Optional.empty();
      }
      switch (System.getProperty("os.arch")) {
        case "amd64":
          return Optional.of(new Syscalls(315, 314));
        case "aarch64":
          return Optional.of(new Syscalls(275, 274));
        default:
          return Optional.empty();
      }
    }
  }
}
