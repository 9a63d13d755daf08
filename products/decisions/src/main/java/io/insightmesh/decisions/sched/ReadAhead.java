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
 * Each helper's items reach the consumer in the order it put them. The first failure, a helper's or
 * the consumer's, stops the others and is thrown on the caller's thread.
 */
public final class ReadAhead {
  /** Items handed over at once. */
  public static final int BATCH = 1_024;

  /** Batches a helper may put before the consumer takes them: a bound on the memory ahead. */
  static final int QUEUED_BATCHES = 32;

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
    List<Exception> failures = new ArrayList<>();
    List<Thread> helpers = new ArrayList<>();
    for (int n = 0; n < threads; n++) {
      BatchingSink<T> sink = new BatchingSink<>(batches, stop);
      Runnable work =
          () -> {
            try {
              producer.produce(sink);
              sink.flush();
            } catch (IOException | RuntimeException e) {
              synchronized (failures) {
                failures.add(e);
              }
              stop.set(true);
            } catch (InterruptedException e) {
              // Stopped by the consumer or by another helper's failure, which is what is thrown.
              stop.set(true);
            } finally {
              running.decrementAndGet();
            }
          };
      Thread helper = new Thread(work, name + "-" + THREADS.incrementAndGet());
      helper.setDaemon(true);
      helpers.add(helper);
    }
    helpers.forEach(Thread::start);
    long count = 0;
    try {
      while (true) {
        List<T> batch = batches.poll(100, TimeUnit.MILLISECONDS);
        if (batch == null) {
          // A helper puts its last batch before it counts itself out.
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
    }
    synchronized (failures) {
      if (!failures.isEmpty()) {
        Exception first = failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        if (first instanceof IOException io) {
          throw new UncheckedIOException(io);
        }
        throw (RuntimeException) first;
      }
    }
    return count;
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
