package io.insightmesh.decisions.sched;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Work read and prepared on helper threads ahead of the one thread that applies it: a restart's
 * take-back of what the engine decided before, where decoding and encoding are half the cost and
 * need no lock, and keeping the result must happen on one thread, in order.
 *
 * <p>Items go over in batches through a bounded queue (the helpers run at most {@link
 * #QUEUED_BATCHES} batches ahead), so the hand-over costs a lock per thousand items, not per item.
 * Each helper's items reach the consumer in the order it put them. The first failure, a helper's
 * (an {@link Error} included) or the consumer's, stops the others, which are waited for, and is
 * thrown on the caller's thread; nothing returns a count short of what the helpers had to put.
 */
public final class ReadAhead {
  /** Items handed over at once. */
  public static final int BATCH = 1_024;

  /** Batches a helper may put before the consumer takes them: a bound on the memory ahead. */
  static final int QUEUED_BATCHES = 32;

  /**
   * How long a stopped run waits for its helpers, a blocked read's time to notice the interrupt.
   */
  private static final long JOIN_MILLIS = 10_000;

  private static final AtomicInteger THREADS = new AtomicInteger();

  private ReadAhead() {}

  /** What each helper thread runs: it puts items until none is left for it. */
  @FunctionalInterface
  public interface Producer<T> {
    void produce(Sink<T> sink) throws IOException, InterruptedException;
  }

  /** Where a helper puts its items. */
  public interface Sink<T> {
    /**
     * Hands {@code item} over; blocks while the consumer is {@link #QUEUED_BATCHES} batches behind.
     *
     * @throws InterruptedException if the work was stopped (the consumer or another helper failed)
     */
    void put(T item) throws InterruptedException;
  }

  /**
   * Runs {@code producer} on {@code threads} helper threads named {@code name-N} and hands every
   * item they put to {@code consumer} on this thread, telling {@code progress} the count so far
   * after each batch; returns the count once every helper has finished.
   *
   * @throws UncheckedIOException if a helper could not read
   * @throws IllegalStateException if this thread is interrupted meanwhile
   */
  public static <T> long run(
      String name,
      int threads,
      Producer<T> producer,
      Consumer<? super T> consumer,
      LongConsumer progress) {
    requireNonNull(name, "name is null");
    requireNonNull(producer, "producer is null");
    requireNonNull(consumer, "consumer is null");
    requireNonNull(progress, "progress is null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    BlockingQueue<List<T>> batches = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger running = new AtomicInteger(threads);
    List<Throwable> failures = new ArrayList<>();
    List<Thread> helpers = new ArrayList<>();
    for (int n = 0; n < threads; n++) {
      BatchingSink<T> sink = new BatchingSink<>(batches, stop);
      Runnable work =
          () -> {
            try {
              producer.produce(sink);
              sink.flush();
            } catch (InterruptedException e) {
              // Stopped by the consumer or by another helper's failure, which is what is thrown;
              // interrupted by anyone else, its items would be missing without a word.
              if (!stop.get()) {
                fail(failures, stop, new IllegalStateException(name + " was interrupted", e));
              }
            } catch (Throwable e) {
              // Errors too (a heap too small, a codec's missing native library): a helper that
              // died quietly would leave the consumer a short count that looks whole.
              fail(failures, stop, e);
            } finally {
              // The last one out wakes the consumer rather than leave it to its next poll's end:
              // every engine start waits for this.
              if (running.decrementAndGet() == 0) {
                batches.offer(List.of());
              }
            }
          };
      Thread helper = new Thread(work, name + "-" + THREADS.incrementAndGet());
      helper.setDaemon(true);
      helpers.add(helper);
    }
    long count = 0;
    try {
      helpers.forEach(Thread::start);
      // A failure recorded before stop is set: once stop is seen, failures holds it.
      while (!stop.get()) {
        List<T> batch = batches.poll(100, TimeUnit.MILLISECONDS);
        if (batch == null || batch.isEmpty()) {
          // A helper puts its last batch before it counts itself out; an empty one is the last
          // helper's wake-up call.
          if (running.get() == 0 && batches.isEmpty()) {
            break;
          }
          continue;
        }
        for (T item : batch) {
          consumer.accept(item);
        }
        count += batch.size();
        progress.accept(count);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " was interrupted", e);
    } finally {
      stop.set(true);
      helpers.forEach(Thread::interrupt);
      // What the helpers read from (a log reader, files) is closed once this returns.
      joinAll(helpers);
    }
    synchronized (failures) {
      if (!failures.isEmpty()) {
        Throwable first = failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        if (first instanceof Error error) {
          throw error;
        }
        if (first instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (first instanceof IOException io) {
          throw new UncheckedIOException(io);
        }
        throw new IllegalStateException(first);
      }
    }
    return count;
  }

  private static void fail(List<Throwable> failures, AtomicBoolean stop, Throwable failure) {
    synchronized (failures) {
      failures.add(failure);
    }
    stop.set(true);
  }

  /** Waits up to {@link #JOIN_MILLIS} in all for the stopped helpers to end. */
  private static void joinAll(List<Thread> helpers) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
    boolean interrupted = false;
    for (Thread helper : helpers) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0 || !helper.isAlive()) {
        continue;
      }
      try {
        helper.join(left);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** One helper's sink: its items in a batch of its own until the batch is full. */
  private static final class BatchingSink<T> implements Sink<T> {
    private final BlockingQueue<List<T>> batches;
    private final AtomicBoolean stop;
    private List<T> batch = new ArrayList<>(BATCH);

    BatchingSink(BlockingQueue<List<T>> batches, AtomicBoolean stop) {
      this.batches = batches;
      this.stop = stop;
    }

    @Override
    public void put(T item) throws InterruptedException {
      batch.add(item);
      if (batch.size() == BATCH) {
        flush();
      }
    }

    void flush() throws InterruptedException {
      if (stop.get()) {
        throw new InterruptedException("stopped");
      }
      if (!batch.isEmpty()) {
        batches.put(batch);
        batch = new ArrayList<>(BATCH);
      }
    }
  }
}
