package io.insightmesh.products.claims.generate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.insightmesh.contracts.claims.Scheme;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The synthetic claims source: writes landing claims, reference data and ground truth for a seed.
 *
 * <p>Generation is claimant by claimant. A first pass counts each claimant's records (cheap: a few
 * hashes) to cut the claimant sequence into chunks of about {@code claimsPerFile} records and to
 * find where {@code count} records end; then chunks run in parallel, each writing its own landing
 * part and its pieces of the reference and ground-truth files, which are joined in chunk order at
 * the end. Every value is a function of (seed, claimant or record index), so the files are
 * byte-identical whatever the number of threads.
 *
 * @see GenerateClaims for the output layout
 */
public final class ClaimsGenerator {
  /** Bumped whenever the files a seed gives change. */
  public static final String VERSION = "1.0.0";

  private final GeneratorSettings settings;
  private final Layout layout;

  public ClaimsGenerator(GeneratorSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.layout = new Layout(settings.output(), settings.format());
  }

  /**
   * Writes the run's files.
   *
   * @throws OutputExistsException if the output already holds a run and settings say refuse
   * @throws UncheckedIOException if a file cannot be written
   */
  public GenerationSummary generate(ProgressListener listener) {
    requireNonNull(listener, "listener is null");
    try {
      prepare();
      Plans plans = new Plans(settings.seed());
      Planning planning = plan(plans, settings.count(), settings.claimsPerFile());
      List<ChunkCounts> perChunk;
      try (Joiner joiner = new Joiner()) {
        perChunk = run(planning, joiner, listener);
      }
      ChunkCounts total = new ChunkCounts();
      perChunk.forEach(total::add);
      writeManifest(plans, planning, total, files(planning.chunks(), perChunk, total));
      return summary(total, planning.chunks().size());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot generate claims into " + settings.output() + ": " + e.getMessage(), e);
    }
  }

  /** The chunks, the number of claimants written and how many of them in full. */
  record Planning(List<ChunkPlan> chunks, long claimants, long completeClaimants) {}

  static Planning plan(Plans plans, long count, int claimsPerFile) {
    List<ChunkPlan> chunks = new ArrayList<>();
    Plans.Plan plan = new Plans.Plan();
    long claimant = 0;
    long written = 0;
    long chunkStart = 0;
    long chunkFirstRecord = 0;
    boolean cut = false;
    while (written < count) {
      int records = plans.plan(claimant, plan).records();
      long taken = Math.min(records, count - written);
      cut = taken < records;
      written += taken;
      claimant++;
      if (written - chunkFirstRecord >= claimsPerFile || written == count) {
        chunks.add(
            new ChunkPlan(
                chunks.size(), chunkStart, claimant, chunkFirstRecord, written - chunkFirstRecord));
        chunkStart = claimant;
        chunkFirstRecord = written;
      }
    }
    return new Planning(List.copyOf(chunks), claimant, cut ? claimant - 1 : claimant);
  }

  private void prepare() throws IOException {
    Path root = settings.output();
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new OutputExistsException("Cannot generate into " + root + ": it is not a directory");
    }
    List<Path> earlier = layout.generated().stream().filter(Files::exists).toList();
    if (!earlier.isEmpty()) {
      if (settings.existingOutput() == ExistingOutput.REFUSE) {
        throw new OutputExistsException(
            "Cannot generate into "
                + root
                + ": it already holds generated data ("
                + root.relativize(earlier.get(0))
                + "); pass --overwrite to replace it");
      }
      for (Path path : earlier) {
        deleteRecursively(path);
      }
    }
    Files.createDirectories(layout.landing());
    Layout.Parts parts = layout.parts();
    Files.createDirectories(parts.reference());
    Files.createDirectories(parts.groundTruth());
  }

  /**
   * Runs the chunks on the worker threads and, on this thread, appends each finished chunk's pieces
   * to the single reference and ground-truth files in chunk order — while later chunks still run,
   * so the pieces are usually deleted before the page cache writes them out.
   */
  private List<ChunkCounts> run(Planning planning, Joiner joiner, ProgressListener listener)
      throws IOException {
    List<ChunkPlan> chunks = planning.chunks();
    Progress progress = new Progress(settings.count(), listener);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            Math.min(settings.threads(), chunks.size()),
            task -> {
              Thread thread = new Thread(task, "generate-claims");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<ChunkCounts>> futures = new ArrayList<>();
      Layout.Parts parts = layout.parts();
      for (ChunkPlan chunk : chunks) {
        futures.add(
            executor.submit(
                () ->
                    new ChunkGenerator(
                            settings,
                            planning.claimants(),
                            planning.completeClaimants(),
                            chunk,
                            progress::advance)
                        .run(layout.landingPart(chunk.index()), parts)));
      }
      List<ChunkCounts> perChunk = new ArrayList<>();
      for (int chunk = 0; chunk < futures.size(); chunk++) {
        perChunk.add(futures.get(chunk).get());
        joiner.append(chunk);
      }
      return perChunk;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } finally {
      executor.shutdownNow();
    }
  }

  /** The files written, for the manifest: landing parts, then reference data and ground truth. */
  private List<Map<String, Object>> files(
      List<ChunkPlan> chunks, List<ChunkCounts> perChunk, ChunkCounts total) throws IOException {
    List<Map<String, Object>> files = new ArrayList<>();
    for (ChunkPlan chunk : chunks) {
      files.add(file(layout.landingPart(chunk.index()), perChunk.get(chunk.index()).records));
    }
    files.add(file(layout.referenceFile(Layout.SELF_ASSESSMENT), total.selfAssessment));
    files.add(file(layout.referenceFile(Layout.PAYE_EMPLOYMENT), total.payeEmployment));
    files.add(file(layout.referenceFile(Layout.COMPANIES), total.companies));
    files.add(file(layout.referenceFile(Layout.DECEASED), total.deceased));
    files.add(file(layout.labels(), total.claims));
    return files;
  }

  /** Appends chunks' pieces, in chunk order, to the single reference and ground-truth files. */
  private final class Joiner implements AutoCloseable {
    private final Layout.Parts parts = layout.parts();
    private final List<FileChannel> targets = new ArrayList<>();
    private final List<IntFunction<Path>> pieces =
        List.of(
            parts::selfAssessment,
            parts::payeEmployment,
            parts::companies,
            parts::deceased,
            parts::labels);

    Joiner() throws IOException {
      for (Path target :
          List.of(
              layout.referenceFile(Layout.SELF_ASSESSMENT),
              layout.referenceFile(Layout.PAYE_EMPLOYMENT),
              layout.referenceFile(Layout.COMPANIES),
              layout.referenceFile(Layout.DECEASED),
              layout.labels())) {
        targets.add(
            FileChannel.open(
                target,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING));
      }
    }

    void append(int chunk) throws IOException {
      for (int i = 0; i < targets.size(); i++) {
        Path source = pieces.get(i).apply(chunk);
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
          long size = in.size();
          long position = 0;
          while (position < size) {
            position += in.transferTo(position, size - position, targets.get(i));
          }
        }
        Files.delete(source);
      }
    }

    @Override
    public void close() throws IOException {
      for (FileChannel target : targets) {
        target.close();
      }
      Files.deleteIfExists(parts.reference());
      Files.deleteIfExists(parts.groundTruth());
    }
  }

  private Map<String, Object> file(Path path, long records) throws IOException {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("path", settings.output().relativize(path).toString().replace('\\', '/'));
    file.put("records", records);
    file.put("bytes", Files.size(path));
    return file;
  }

  private void writeManifest(
      Plans plans, Planning planning, ChunkCounts total, List<Map<String, Object>> files)
      throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("generator", "Insight Mesh synthetic claims source");
    manifest.put("generator_version", VERSION);
    manifest.put("seed", settings.seed());
    manifest.put("count", settings.count());
    manifest.put("format", settings.format().name().toLowerCase(java.util.Locale.ROOT));
    manifest.put("bad_rate", settings.badRate());
    manifest.put("claims_per_file", settings.claimsPerFile());
    manifest.put("records", total.records);
    manifest.put("claims", total.claims);
    manifest.put("claimants", total.claimants);
    Map<String, Long> schemes = new LinkedHashMap<>();
    for (Scheme scheme : Scheme.values()) {
      schemes.put(scheme.name(), total.perScheme[scheme.ordinal()]);
    }
    manifest.put("records_per_scheme", schemes);

    Map<String, Object> fraud = new LinkedHashMap<>();
    fraud.put("claims", total.fraudClaims);
    fraud.put(
        "share_of_claims",
        total.claims == 0 ? 0.0 : round((double) total.fraudClaims / total.claims));
    Map<String, Long> patterns = new LinkedHashMap<>();
    for (FraudPattern pattern : FraudPattern.values()) {
      patterns.put(pattern.name(), total.perPattern.getOrDefault(pattern, 0L));
    }
    fraud.put("claims_per_pattern", patterns);
    long blocks = planning.completeClaimants() / Plans.BLOCK;
    Map<Plans.BurstKind, Long> bursts = new EnumMap<>(Plans.BurstKind.class);
    for (long block = 0; block < blocks; block++) {
      bursts.merge(plans.burstKind(block), 1L, Long::sum);
    }
    fraud.put("shared_bank_accounts", blocks);
    fraud.put(
        "device_bursts",
        bursts.getOrDefault(Plans.BurstKind.DEVICE, 0L)
            + bursts.getOrDefault(Plans.BurstKind.DEVICE_AND_IP, 0L));
    fraud.put(
        "ip_bursts",
        bursts.getOrDefault(Plans.BurstKind.IP, 0L)
            + bursts.getOrDefault(Plans.BurstKind.DEVICE_AND_IP, 0L));
    manifest.put("fraud", fraud);
    manifest.put("duplicate_submissions", total.duplicates);

    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("records", total.badRecords);
    Map<String, Long> defects = new LinkedHashMap<>();
    for (Defect defect : Defect.values()) {
      defects.put(defect.name(), total.perDefect.getOrDefault(defect, 0L));
    }
    bad.put("records_per_defect", defects);
    manifest.put("bad_records", bad);

    Map<String, Long> reference = new LinkedHashMap<>();
    reference.put(Layout.SELF_ASSESSMENT, total.selfAssessment);
    reference.put(Layout.PAYE_EMPLOYMENT, total.payeEmployment);
    reference.put(Layout.COMPANIES, total.companies);
    reference.put(Layout.DECEASED, total.deceased);
    manifest.put("reference_rows", reference);
    manifest.put("files", files);

    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(layout.manifest().toFile(), manifest);
  }

  private GenerationSummary summary(ChunkCounts total, int landingFiles) {
    Map<Scheme, Long> schemes = new EnumMap<>(Scheme.class);
    for (Scheme scheme : Scheme.values()) {
      schemes.put(scheme, total.perScheme[scheme.ordinal()]);
    }
    return new GenerationSummary(
        total.records,
        total.claims,
        total.claimants,
        total.fraudClaims,
        total.badRecords,
        total.duplicates,
        schemes,
        total.perPattern,
        total.perDefect,
        landingFiles,
        layout.manifest());
  }

  private static double round(double value) {
    return Math.round(value * 1e6) / 1e6;
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      Files.deleteIfExists(path);
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException e)
              throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(directory);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Reports about every 5% of records, in order, whichever thread gets there. */
  private static final class Progress {
    private static final int STEPS = 20;
    private final long total;
    private final ProgressListener listener;
    private final AtomicLong written = new AtomicLong();
    private int reportedStep;

    Progress(long total, ProgressListener listener) {
      this.total = total;
      this.listener = listener;
    }

    void advance(long records) {
      long now = written.addAndGet(records);
      int step = (int) (now * STEPS / total);
      if (step > 0) {
        synchronized (this) {
          if (step > reportedStep) {
            reportedStep = step;
            listener.recordsWritten(now, total);
          }
        }
      }
    }
  }
}
