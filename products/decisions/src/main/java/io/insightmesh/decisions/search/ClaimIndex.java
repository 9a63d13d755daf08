package io.insightmesh.decisions.search;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.decisions.assess.DecisionListener;
import io.insightmesh.decisions.compact.ClaimRecords;
import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The case workers' in-memory search index over assessed claims: exact lookups by claim id, NINO,
 * bank account, postcode and device, fuzzy lookups by name, and the claimants linked to a claimant
 * through a shared bank account, device or postcode.
 *
 * <p><b>What it holds.</b> It is fed by {@link #decided} with every durable decision of the engine
 * — new ones and those taken back from the decision log at start. Claims whose log records were
 * deleted after their decisions were committed to {@code risk.decisions} (the engine then takes
 * back only the decisions, from the table) are fed again by the engine from the claims product,
 * once it has connected to the catalog; claims the product does not hold yet stay unsearchable. A
 * claim id is indexed once; later feeds of the same id are ignored, as decisions never change.
 *
 * <p><b>Indexed behind the answer.</b> {@link #decided} only queues the decision: indexing a claim
 * (six dictionary look-ups, its name normalised into trigrams) was an eighth of the event loop's
 * time per claim, on the path of every answer. The engine indexes what is queued on a background
 * thread ({@link #indexTold}, every few milliseconds, at a lower priority than the answers), and
 * every read first indexes what was queued before it, so a search sees every decision acknowledged
 * before it began. About {@value #MAX_TOLD} decisions wait at most: beyond that each caller of
 * {@link #decided} indexes a few of them itself (a saturated core, where the background thread gets
 * too little), so memory stays bounded.
 *
 * <p><b>Layout.</b> Each claim gets a dense int id in feed order. Its claim and decision are kept
 * as the decision log's compact Avro encoding (a few hundred bytes) in {@link ClaimRecords}, with
 * no object per claim, and decoded only when returned. Each searchable key (NINO, bank account,
 * postcode, device, claimant, normalised name) is a {@link Dictionary}: every distinct value once,
 * as UTF-8 bytes in shared chunks, with the ids of the claims carrying it, ascending, in {@link
 * Postings}; trigrams of names are in {@link Trigrams}. None of them keeps an object per value or
 * per claim, so what the index keeps is never copied by young collections (issue 5). Per claim the
 * ids of its claimant, bank account, device and postcode are kept as int columns, so linking reads
 * no claim. Memory is bounded per claim: the payload (contract strings are at most 256 characters),
 * six postings entries and four column ints; names are matched on their first 64 normalised
 * characters, so a name has at most ~130 trigrams. The probe in the tests (ClaimIndexProbe)
 * measures about 0.55 KB of heap per claim.
 *
 * <p><b>Exact lookups</b> are a hash lookup and a slice of one postings list: O(1 + page), plus one
 * link per {@value Postings#MAX_BLOCK} claims skipped by the offset. Pages are in feed order, so an
 * offset stays valid while claims are added.
 *
 * <p><b>Fuzzy names.</b> Distinct normalised names carry trigram postings (trigram → name ids). A
 * lookup counts, for every name sharing a trigram with the query, how many it shares (O(sum of the
 * query trigrams' postings), over distinct names, not claims), keeps names whose trigram similarity
 * (Jaccard) reaches {@value #MIN_TRIGRAM_SIMILARITY} or whose Damerau-Levenshtein distance to the
 * query is at most {@value #MAX_EDITS} (checked only on names sharing enough trigrams to be within
 * that distance, and at most O(64·64) each), and ranks them by similarity: the larger of the
 * trigram similarity and 1 - distance / length. At most {@value #MAX_NAME_MATCHES} names are
 * returned, each with all its claims.
 *
 * <p><b>Links</b> for a claimant scan the postings of its bank accounts, devices and postcodes (its
 * latest {@value #MAX_CLAIMS_LINKED} claims, at most {@value #MAX_POSTINGS_SCANNED} claims per
 * value) and rank the other claimants by how many of their claims share a value.
 *
 * <p>Thread-safe: one writer at a time, readers concurrently (a read-write lock).
 */
public final class ClaimIndex implements DecisionListener {
  /** Names within this many edits of the query match whatever their trigrams. */
  public static final int MAX_EDITS = 2;

  /** Names sharing at least this fraction of their trigrams with the query match. */
  public static final double MIN_TRIGRAM_SIMILARITY = 0.45;

  /** The most distinct names a name lookup returns. */
  public static final int MAX_NAME_MATCHES = 500;

  /** A claimant's links come from at most its latest this many claims. */
  public static final int MAX_CLAIMS_LINKED = 1_000;

  /** At most this many claims are read per shared value when linking (the latest ones). */
  public static final int MAX_POSTINGS_SCANNED = 10_000;

  /** The most decisions queued by {@link #decided} before its caller indexes them itself. */
  static final int MAX_TOLD = 1_024;

  /** How many queued decisions a caller of {@link #decided} indexes once too many wait. */
  private static final int TOLD_INLINE = 64;

  /** At most this many queued decisions are indexed per hold of the write lock. */
  private static final int TOLD_PER_LOCK = 256;

  private final AssessedClaimCodec codec = new AssessedClaimCodec();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  /** Decisions told and not indexed yet, in the order told; the payload null if not encoded. */
  private final ConcurrentLinkedQueue<Told> told = new ConcurrentLinkedQueue<>();

  private final AtomicInteger toldCount = new AtomicInteger();

  /** Decisions indexed by callers of {@link #decided} because too many waited. */
  private final LongAdder indexedByDeciders = new LongAdder();

  private record Told(AssessedClaim record, byte[] payload) {}

  /** Per indexed claim id, in feed order: the claim and decision (the index's ids). */
  private final ClaimRecords records = new ClaimRecords();

  private final Dictionary claimants = new Dictionary();
  private final Map<Criterion, Dictionary> keys = new EnumMap<>(Criterion.class);
  private final Map<LinkVia, IntList> columns = new EnumMap<>(LinkVia.class);
  private final IntList claimantColumn = new IntList(1024);

  /** Trigram → ids of the distinct names (in {@code keys.get(NAME)}) that have it. */
  private final Trigrams trigramNames = new Trigrams();

  /** Per name id, its number of distinct trigrams. */
  private final IntList nameTrigrams = new IntList(1024);

  /** An empty index. */
  public ClaimIndex() {
    for (Criterion criterion : Criterion.values()) {
      if (criterion != Criterion.CLAIM_ID) {
        keys.put(criterion, new Dictionary());
      }
    }
    for (LinkVia via : LinkVia.values()) {
      columns.put(via, new IntList(1024));
    }
  }

  /** Queues the decision for indexing: see the class comment. */
  @Override
  public void decided(AssessedClaim record) {
    tell(new Told(requireNonNull(record, "record is null"), null));
  }

  /** As {@link #decided(AssessedClaim)}, given the record encoded without live features. */
  @Override
  public void decided(AssessedClaim record, byte[] withoutLiveFeatures) {
    tell(new Told(requireNonNull(record, "record is null"), withoutLiveFeatures));
  }

  private void tell(Told decision) {
    // Counted before it is queued (and uncounted after it is taken), so the count is never below
    // what is queued: a read that indexes as many as were counted when it began indexes its own.
    int waiting = toldCount.incrementAndGet();
    told.add(decision);
    // tryLock: a caller answering claims must not wait for the background thread's batch. A small
    // batch: a thousand at once would hold one answer up for milliseconds.
    if (waiting > MAX_TOLD && lock.writeLock().tryLock()) {
      try {
        indexedByDeciders.add(indexToldLocked(TOLD_INLINE));
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  /**
   * Indexes every decision {@link #decided} queued before this call: the engine's background
   * indexing, and the first step of every read.
   */
  public void indexTold() {
    // As many as were counted when the call began (see tell): every decision queued before it, and
    // a bounded wait; "until empty" could keep a search indexing for as long as claims come.
    int owed = toldCount.get();
    while (owed > 0) {
      int indexed;
      lock.writeLock().lock();
      try {
        // In batches, so that a search waits for one batch of the background thread's, not for
        // a backlog.
        indexed = indexToldLocked(Math.min(owed, TOLD_PER_LOCK));
      } finally {
        lock.writeLock().unlock();
      }
      if (indexed == 0) {
        return;
      }
      owed -= indexed;
    }
  }

  /**
   * How many decisions the threads that decided them indexed themselves, since start, because more
   * than {@value #MAX_TOLD} waited: the background indexer fell behind, and the answers paid for
   * it. Near zero unless the core is saturated.
   */
  public long indexedByDeciders() {
    return indexedByDeciders.sum();
  }

  /** Decisions queued and not indexed yet. */
  int told() {
    return toldCount.get();
  }

  private int indexToldLocked(int max) {
    int indexed = 0;
    for (Told next; indexed < max && (next = told.poll()) != null; indexed++) {
      toldCount.decrementAndGet();
      addLocked(
          next.record(),
          next.payload() != null ? next.payload() : codec.encodeWithoutLiveFeatures(next.record()));
    }
    return indexed;
  }

  /**
   * Indexes a claim and its decision now, after the decisions queued before it.
   *
   * @return false if its claim id was indexed already (nothing changes)
   */
  public boolean add(AssessedClaim record) {
    requireNonNull(record, "record is null");
    indexTold();
    // Encoded outside the lock: the payload is the bulk of the work.
    // Case workers are not shown the live features: leaving them out saves ~150 bytes a claim.
    byte[] payload = codec.encodeWithoutLiveFeatures(record);
    lock.writeLock().lock();
    try {
      return addLocked(record, payload);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Indexes a record, given its payload (encoded without live features); holds the write lock. */
  private boolean addLocked(AssessedClaim record, byte[] payload) {
    Claim claim = record.claim();
    String claimId = Criterion.CLAIM_ID.key(claim.getClaimId());
    // Before the first change, so that nothing is half indexed if it throws.
    String name = Names.normalise(claim.getName());
    int id = records.add(claimId, payload);
    if (id < 0) {
      return false;
    }
    claimantColumn.add(claimants.add(claim.getClaimantId(), id));
    keys.get(Criterion.NINO).add(Criterion.NINO.key(claim.getNino()), id);
    columns
        .get(LinkVia.BANK_ACCOUNT)
        .add(
            keys.get(Criterion.BANK_ACCOUNT)
                .add(
                    Criterion.bankAccountKey(claim.getBankSortCode(), claim.getBankAccountNumber()),
                    id));
    columns
        .get(LinkVia.POSTCODE)
        .add(keys.get(Criterion.POSTCODE).add(Criterion.POSTCODE.key(claim.getPostcode()), id));
    String device = claim.getDeviceId();
    columns
        .get(LinkVia.DEVICE)
        .add(
            device == null || device.isBlank()
                ? Dictionary.ABSENT
                : keys.get(Criterion.DEVICE).add(Criterion.DEVICE.key(device), id));
    Dictionary names = keys.get(Criterion.NAME);
    int known = names.size();
    int nameId = names.add(name, id);
    if (nameId == known) {
      // Only a name not seen before gets trigrams.
      long[] grams = Names.trigrams(name);
      nameTrigrams.add(grams.length);
      for (long gram : grams) {
        trigramNames.add(gram, nameId);
      }
    }
    return true;
  }

  /** Claims indexed. */
  public int size() {
    indexTold();
    lock.readLock().lock();
    try {
      return records.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether {@code claimId} is indexed. */
  public boolean contains(String claimId) {
    requireNonNull(claimId, "claimId is null");
    indexTold();
    lock.readLock().lock();
    try {
      return records.contains(Criterion.CLAIM_ID.key(claimId));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The claims matching {@code key} (as {@link Criterion#parse} returns it), from {@code offset}:
   * exact criteria in feed order, names by similarity.
   *
   * @throws IllegalArgumentException if {@code offset} is negative or {@code limit} not positive
   */
  public IndexPage find(Criterion criterion, String key, int offset, int limit) {
    requireNonNull(criterion, "criterion is null");
    requireNonNull(key, "key is null");
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
    }
    List<int[]> slice = new ArrayList<>(); // {claim id, similarity in millionths or -1}
    boolean more;
    indexTold();
    lock.readLock().lock();
    try {
      if (criterion == Criterion.NAME) {
        more = names(key, offset, limit, slice);
      } else if (criterion == Criterion.CLAIM_ID) {
        int id = records.id(key);
        if (id >= 0 && offset == 0) {
          slice.add(new int[] {id, -1});
        }
        more = false;
      } else {
        Dictionary dictionary = keys.get(criterion);
        int valueId = dictionary.id(key);
        int count = valueId == Dictionary.ABSENT ? 0 : dictionary.count(valueId);
        int end = (int) Math.min((long) offset + limit, count);
        if (offset < end) {
          dictionary.forEachClaim(valueId, offset, end, claim -> slice.add(new int[] {claim, -1}));
        }
        more = end < count;
      }
      List<byte[]> selected = new ArrayList<>(slice.size());
      for (int[] entry : slice) {
        selected.add(records.payload(entry[0]));
      }
      List<Hit> hits = new ArrayList<>(slice.size());
      for (int i = 0; i < slice.size(); i++) {
        int similarity = slice.get(i)[1];
        hits.add(
            new Hit(
                codec.decode(selected.get(i)),
                similarity < 0
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(similarity / 1_000_000.0)));
      }
      return new IndexPage(
          hits, more ? OptionalInt.of(offset + slice.size()) : OptionalInt.empty());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The claimants linked to {@code claimantId}, most shared claims first, at most {@code max}
   * (claimant, via) pairs.
   */
  public List<Link> links(String claimantId, int max) {
    requireNonNull(claimantId, "claimantId is null");
    indexTold();
    lock.readLock().lock();
    try {
      int claimant = claimants.id(claimantId);
      if (claimant == Dictionary.ABSENT || max < 1) {
        return List.of();
      }
      int owned = claimants.count(claimant);
      int[] own = new int[Math.min(owned, MAX_CLAIMS_LINKED)];
      int[] filled = {0};
      claimants.forEachClaim(
          claimant, owned - own.length, owned, claim -> own[filled[0]++] = claim);
      // (other claimant << 2 | via) -> shared claims
      Map<Long, int[]> shared = new HashMap<>();
      for (LinkVia via : LinkVia.values()) {
        IntList column = columns.get(via);
        Dictionary dictionary = keys.get(criterionOf(via));
        Set<Integer> seen = new HashSet<>();
        for (int claim : own) {
          int value = column.get(claim);
          if (value == Dictionary.ABSENT || !seen.add(value)) {
            continue;
          }
          int count = dictionary.count(value);
          dictionary.forEachClaim(
              value,
              Math.max(0, count - MAX_POSTINGS_SCANNED),
              count,
              other -> {
                int otherClaimant = claimantColumn.get(other);
                if (otherClaimant != claimant) {
                  shared
                      .computeIfAbsent(
                          ((long) otherClaimant << 2) | via.ordinal(), k -> new int[1])[0]++;
                }
              });
        }
      }
      List<Link> links = new ArrayList<>(shared.size());
      for (Map.Entry<Long, int[]> entry : shared.entrySet()) {
        long packed = entry.getKey();
        links.add(
            new Link(
                claimants.value((int) (packed >>> 2)),
                LinkVia.values()[(int) (packed & 3)],
                entry.getValue()[0]));
      }
      links.sort(
          Comparator.comparingInt(Link::sharedClaims)
              .reversed()
              .thenComparing(Link::claimantId)
              .thenComparing(Link::via));
      return List.copyOf(links.subList(0, Math.min(max, links.size())));
    } finally {
      lock.readLock().unlock();
    }
  }

  private static Criterion criterionOf(LinkVia via) {
    switch (via) {
      case BANK_ACCOUNT:
        return Criterion.BANK_ACCOUNT;
      case DEVICE:
        return Criterion.DEVICE;
      case POSTCODE:
        return Criterion.POSTCODE;
      default:
        throw new IllegalStateException("Unknown link " + via);
    }
  }

  /** Fills {@code slice} with the page of claims of the names matching {@code query}. */
  private boolean names(String query, int offset, int limit, List<int[]> slice) {
    Dictionary names = keys.get(Criterion.NAME);
    long[] grams = Names.trigrams(query);
    IntCounter sharedCounts = new IntCounter(256);
    for (long gram : grams) {
      trigramNames.forEachName(gram, sharedCounts::increment);
    }
    // An edit changes at most 4 trigrams (a transposition), so a name within MAX_EDITS shares at
    // least this many of the query's; names sharing fewer can only match on trigram similarity.
    int editFloor = Math.max(1, grams.length - 4 * MAX_EDITS);
    List<NameMatch> matches = new ArrayList<>();
    sharedCounts.forEach(
        (nameId, shared) -> {
          double jaccard = shared / (double) (grams.length + nameTrigrams.get(nameId) - shared);
          double similarity = jaccard;
          // Decoded only for names that may match: most share a trigram or two and are dropped.
          String name = null;
          if (shared >= editFloor) {
            name = names.value(nameId);
            int edits = Names.distance(query, name, MAX_EDITS);
            if (edits <= MAX_EDITS) {
              similarity =
                  Math.max(jaccard, 1.0 - edits / (double) Math.max(query.length(), name.length()));
            } else if (jaccard < MIN_TRIGRAM_SIMILARITY) {
              return;
            }
          } else if (jaccard < MIN_TRIGRAM_SIMILARITY) {
            return;
          }
          if (name == null) {
            name = names.value(nameId);
          }
          // Only the query's own normalised name ranks as an exact match.
          if (!name.equals(query)) {
            similarity = Math.min(similarity, 0.99);
          }
          matches.add(new NameMatch(nameId, similarity, name));
        });
    matches.sort(
        Comparator.comparingDouble((NameMatch match) -> -match.similarity())
            .thenComparing(NameMatch::name));
    int position = 0; // claims of the names before this one
    for (int m = 0; m < Math.min(matches.size(), MAX_NAME_MATCHES); m++) {
      int nameId = matches.get(m).nameId();
      int similarity = (int) Math.round(matches.get(m).similarity() * 1_000_000);
      int count = names.count(nameId);
      int from = Math.max(0, offset - position);
      if (from < count) {
        int room = limit - slice.size();
        if (room == 0) {
          return true;
        }
        int to = Math.min(count, from + room);
        names.forEachClaim(nameId, from, to, claim -> slice.add(new int[] {claim, similarity}));
        if (to < count) {
          return true;
        }
      }
      position += count;
    }
    return false;
  }

  private record NameMatch(int nameId, double similarity, String name) {}
}
