package io.insightmesh.catalog.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What this catalog instance last read of the store's pointers: a table's metadata location, or
 * that a name is no view. Trino asks for both on every query that reads a table, so the answers a
 * read gave are reused for {@link #REREAD_AFTER} without a worker thread or a store round trip.
 *
 * <p>Every write of a pointer through this instance ({@link #changed()}) forgets them all at once,
 * and a read that began before such a write is never remembered (its generation is older): a commit
 * through this instance is seen by the next load. A commit through another instance on the same
 * store is seen within {@link #REREAD_AFTER}, as the Trino policy's facts are.
 */
final class RecentPointers {
  /** The same bound as the access policy's facts ({@code TrinoPolicy.REREAD_AFTER}). */
  static final Duration REREAD_AFTER = Duration.ofSeconds(2);

  private record Read(String value, long generation) {}

  private final AtomicLong generation = new AtomicLong();
  private final Cache<TableIdentifier, Read> tables;
  private final Cache<TableIdentifier, Read> noViews;

  RecentPointers() {
    this(Ticker.systemTicker());
  }

  /**
   * Reads aged by {@code ticker}: how a test holds the bound to the nanosecond on a busy machine.
   */
  RecentPointers(Ticker ticker) {
    tables = cache(ticker);
    noViews = cache(ticker);
  }

  private static Cache<TableIdentifier, Read> cache(Ticker ticker) {
    return Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(REREAD_AFTER)
        .ticker(ticker)
        .build();
  }

  /** Taken before reading the store: what is read is remembered only if nothing changed since. */
  long generation() {
    return generation.get();
  }

  /** Remembers a table's metadata location as read from the store at {@code generation}. */
  void readTable(TableIdentifier identifier, String metadataLocation, long generation) {
    tables.put(identifier, new Read(metadataLocation, generation));
  }

  /** Remembers that the store held no view of this name at {@code generation}. */
  void readNoView(TableIdentifier identifier, long generation) {
    noViews.put(identifier, new Read("", generation));
  }

  /** The table's metadata location if read recently and nothing changed since, else empty. */
  Optional<String> table(TableIdentifier identifier) {
    return Optional.ofNullable(current(tables, identifier)).map(Read::value);
  }

  /** Whether the store recently held no view of this name and nothing changed since. */
  boolean noView(TableIdentifier identifier) {
    return current(noViews, identifier) != null;
  }

  /** Called after every write of a pointer through this instance, whatever its outcome. */
  void changed() {
    generation.incrementAndGet();
    tables.invalidateAll();
    noViews.invalidateAll();
  }

  private Read current(Cache<TableIdentifier, Read> cache, TableIdentifier identifier) {
    Read read = cache.getIfPresent(identifier);
    return read != null && read.generation() == generation.get() ? read : null;
  }
}
