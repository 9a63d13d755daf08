package io.insightmesh.decisions.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * Real table operations with faults injected into the next commits: an unknown outcome after or
 * before the real commit or with the commit landing later, a conflict, or a simulated process death
 * ({@link Crash}) after or before it.
 */
final class FaultyOperations extends ForwardingTableOperations {
  /** What happens to one commit. */
  enum Fault {
    UNKNOWN_AFTER_COMMIT,
    UNKNOWN_BEFORE_COMMIT,
    /**
     * An unknown outcome while the catalog is still applying the commit: it lands when the next
     * commit arrives, after the caller looked and did not find it.
     */
    UNKNOWN_LANDS_LATER,
    /**
     * The process dies while the catalog is still applying the commit: it lands when {@link
     * #land()} says, after another process has read the table without it.
     */
    CRASH_LANDS_LATER,
    CONFLICT,
    CRASH_AFTER_COMMIT,
    CRASH_BEFORE_COMMIT
  }

  /** Stands for {@code kill -9}: an Error nobody on the way up catches. */
  static final class Crash extends Error {
    Crash(String where) {
      super("simulated crash " + where);
    }
  }

  private final Deque<Fault> faults = new ArrayDeque<>();
  private Runnable beforeNextCommit;
  private Runnable landing;
  private Runnable pendingLanding;
  private Runnable afterLanding;
  private int commits;
  private int failingDataFiles;
  private Throwable dataFileReadFailure;

  private FaultyOperations(TableOperations delegate) {
    super(delegate);
  }

  /** The table, going through faulty operations. */
  static FaultyOperations wrap(Table table) {
    return new FaultyOperations(((HasTableOperations) table).operations());
  }

  Table table(String name) {
    return new BaseTable(this, name);
  }

  synchronized FaultyOperations then(Fault fault) {
    faults.add(fault);
    return this;
  }

  /**
   * Runs {@code action} at the next commit, before it reaches the real operations: another writer's
   * commit landing first, so this one's base is stale.
   */
  synchronized FaultyOperations beforeNextCommit(Runnable action) {
    beforeNextCommit = action;
    return this;
  }

  /**
   * Runs {@code action} right after a commit held back by {@link Fault#UNKNOWN_LANDS_LATER} lands:
   * another writer committing on top of it before the caller's retry arrives.
   */
  synchronized FaultyOperations afterLanding(Runnable action) {
    afterLanding = action;
    return this;
  }

  /** Whether a commit of {@link Fault#CRASH_LANDS_LATER} waits to land. */
  synchronized boolean landingPending() {
    return pendingLanding != null;
  }

  /** Lands the commit a {@link Fault#CRASH_LANDS_LATER} holds back. */
  void land() {
    Runnable landing;
    synchronized (this) {
      landing = pendingLanding;
      pendingLanding = null;
    }
    if (landing == null) {
      throw new IllegalStateException("No commit waits to land");
    }
    landing.run();
  }

  /** Commits that reached the real operations. */
  synchronized int commits() {
    return commits;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    Fault fault;
    Runnable before;
    synchronized (this) {
      fault = faults.poll();
      before = beforeNextCommit;
      beforeNextCommit = null;
      if (landing != null) {
        Runnable landed = afterLanding == null ? landing : sequence(landing, afterLanding);
        before = before == null ? landed : sequence(landed, before);
        landing = null;
        afterLanding = null;
      }
    }
    if (before != null) {
      before.run();
    }
    if (fault == null) {
      realCommit(base, metadata);
      return;
    }
    switch (fault) {
      case UNKNOWN_AFTER_COMMIT -> {
        realCommit(base, metadata);
        throw new CommitStateUnknownException(new RuntimeException("the response was lost"));
      }
      case UNKNOWN_BEFORE_COMMIT ->
          throw new CommitStateUnknownException(new RuntimeException("the request was lost"));
      case UNKNOWN_LANDS_LATER -> {
        synchronized (this) {
          landing = () -> realCommit(base, metadata);
        }
        throw new CommitStateUnknownException(new RuntimeException("the response timed out"));
      }
      case CRASH_LANDS_LATER -> {
        synchronized (this) {
          pendingLanding = () -> realCommit(base, metadata);
        }
        throw new Crash("while the catalog applies the commit");
      }
      case CONFLICT -> throw new CommitFailedException("injected conflict");
      case CRASH_AFTER_COMMIT -> {
        realCommit(base, metadata);
        throw new Crash("after commit");
      }
      case CRASH_BEFORE_COMMIT -> throw new Crash("before commit");
      default -> throw new AssertionError(fault);
    }
  }

  private static Runnable sequence(Runnable first, Runnable second) {
    return () -> {
      first.run();
      second.run();
    };
  }

  private void realCommit(TableMetadata base, TableMetadata metadata) {
    super.commit(base, metadata);
    synchronized (this) {
      commits++;
    }
  }

  /** Fails the next {@code count} data files the table's writers create, as a full disk would. */
  synchronized FaultyOperations failDataFiles(int count) {
    failingDataFiles += count;
    return this;
  }

  /**
   * Fails every later read of a data file with {@code failure}, an Error or a RuntimeException
   * (null: no more), as a heap too small or a disk that cannot be read would.
   */
  synchronized FaultyOperations failDataFileReadsWith(Throwable failure) {
    if (failure != null && !(failure instanceof Error || failure instanceof RuntimeException)) {
      throw new IllegalArgumentException("Not unchecked: " + failure);
    }
    dataFileReadFailure = failure;
    return this;
  }

  @Override
  public FileIO io() {
    FileIO io = super.io();
    return new FileIO() {
      @Override
      public InputFile newInputFile(String path) {
        synchronized (FaultyOperations.this) {
          if (dataFileReadFailure instanceof Error error && path.contains("/data/")) {
            throw error;
          }
          if (dataFileReadFailure instanceof RuntimeException exception
              && path.contains("/data/")) {
            throw exception;
          }
        }
        return io.newInputFile(path);
      }

      @Override
      public OutputFile newOutputFile(String path) {
        // Only data files: manifests and metadata belong to the commit, which has faults of its
        // own.
        if (path.contains("/data/")) {
          synchronized (FaultyOperations.this) {
            if (failingDataFiles > 0) {
              failingDataFiles--;
              throw new UncheckedIOException(
                  new IOException("injected: no space left on device for " + path));
            }
          }
        }
        return io.newOutputFile(path);
      }

      @Override
      public void deleteFile(String path) {
        io.deleteFile(path);
      }
    };
  }
}
