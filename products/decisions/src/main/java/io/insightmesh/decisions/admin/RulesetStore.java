package io.insightmesh.decisions.admin;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.rules.InvalidRulesetException;
import io.insightmesh.decisions.rules.Ruleset;
import io.insightmesh.decisions.rules.RulesetLoader;
import io.insightmesh.decisions.rules.RulesetVersion;
import io.insightmesh.decisions.rules.RulesetWriter;
import io.insightmesh.decisions.store.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rulesets accepted through the rules API, one YAML file per version ({@code
 * ruleset-<version>.yaml}, in {@link RulesetLoader}'s form), each written whole and durably before
 * it is installed, and the shipped ruleset of every engine release that ran. Files are never
 * changed or deleted: they are the history of the rules in force, from which decisions are
 * replayed. The engine starts with the highest stored version when it is newer than the shipped
 * ruleset.
 */
public final class RulesetStore {
  private static final Pattern FILE_NAME =
      Pattern.compile("ruleset-([0-9]{4}\\.[0-9]{1,2}\\.[0-9]{1,6})\\.yaml");

  private final Path directory;

  private RulesetStore(Path directory) {
    this.directory = directory;
  }

  /**
   * Opens the store in a directory, creating it if needed and removing what a crash left half
   * written.
   *
   * @throws UncheckedIOException if the directory cannot be created or cleaned
   */
  public static RulesetStore open(Path directory) {
    requireNonNull(directory, "directory is null");
    try {
      DurableFiles.directory(directory);
      DurableFiles.clean(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the ruleset store " + directory, e);
    }
    return new RulesetStore(directory);
  }

  /** The directory of the store. */
  public Path directory() {
    return directory;
  }

  /** The file a version is stored in. */
  public Path file(RulesetVersion version) {
    requireNonNull(version, "version is null");
    return directory.resolve("ruleset-" + version + ".yaml");
  }

  /**
   * The stored ruleset of the highest version, if any.
   *
   * @throws InvalidRulesetException if that file is not a valid ruleset or holds another version
   *     than its name says
   * @throws UncheckedIOException if the directory or file cannot be read
   */
  public Optional<Ruleset> latest() {
    TreeMap<RulesetVersion, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "ruleset-*.yaml")) {
      for (Path path : listing) {
        Matcher name = FILE_NAME.matcher(path.getFileName().toString());
        if (name.matches()) {
          files.put(RulesetVersion.parse(name.group(1)), path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the ruleset store " + directory, e);
    }
    if (files.isEmpty()) {
      return Optional.empty();
    }
    Map.Entry<RulesetVersion, Path> highest = files.lastEntry();
    Ruleset ruleset = RulesetLoader.load(highest.getValue());
    if (!ruleset.version().equals(highest.getKey())) {
      throw new InvalidRulesetException(
          "Ruleset "
              + highest.getValue()
              + ": field version is "
              + ruleset.version()
              + " but the file name says "
              + highest.getKey());
    }
    return Optional.of(ruleset);
  }

  /**
   * The stored ruleset of a version: to replay a decision made under it.
   *
   * @throws InvalidRulesetException if its file is not a valid ruleset or holds another version
   * @throws UncheckedIOException if the file cannot be read
   */
  public Optional<Ruleset> version(RulesetVersion version) {
    Path file = file(version);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Ruleset ruleset = RulesetLoader.load(file);
    if (!ruleset.version().equals(version)) {
      throw new InvalidRulesetException(
          "Ruleset "
              + file
              + ": field version is "
              + ruleset.version()
              + " but the file name says "
              + version);
    }
    return Optional.of(ruleset);
  }

  /**
   * Stores a ruleset the engine runs without the rules API having written it (the shipped one),
   * unless its version is stored already, so that decisions made under it can be replayed after a
   * later release ships other rules.
   *
   * @return whether it was written
   * @throws InvalidRulesetException if its version is stored with other rules: decisions record
   *     only the version, so the engine would decide by one ruleset and replay by the other
   * @throws RulesetStoreFailedException if it cannot be written
   */
  public boolean keep(Ruleset ruleset, String... comments) {
    requireNonNull(ruleset, "ruleset is null");
    Optional<Ruleset> stored = version(ruleset.version());
    if (stored.isEmpty()) {
      save(ruleset, comments);
      return true;
    }
    if (!stored.get().equals(ruleset)) {
      throw new InvalidRulesetException(
          "Ruleset "
              + ruleset.version()
              + " shipped with the engine differs from the ruleset stored as "
              + file(ruleset.version())
              + " (an analyst's change or an earlier release's rules): a version names one"
              + " ruleset, because decisions record only the version. Ship the rules under a"
              + " version after the latest stored one");
    }
    return false;
  }

  /**
   * The ruleset to start with: the highest stored one if it is newer than the shipped one (an
   * analyst's change outlives a restart), else the shipped one (a release shipping newer rules
   * supersedes older changes).
   *
   * @throws InvalidRulesetException as {@link #latest()}
   */
  public Ruleset inForce(Ruleset shipped) {
    requireNonNull(shipped, "shipped is null");
    return latest().filter(stored -> stored.version().isAfter(shipped.version())).orElse(shipped);
  }

  /**
   * The file {@link #save} writes for {@code ruleset}, if the engine can read it back at its next
   * start: the rules API takes a body of a million characters, and changes add up, while a start
   * reads at most {@link RulesetLoader#MAX_BYTES} bytes of YAML; a larger file stored would be in
   * force now and stop the engine at its next start.
   *
   * @throws InvalidRulesetException if the file would be larger than the engine reads
   */
  public static byte[] content(Ruleset ruleset, String... comments) {
    byte[] content = RulesetWriter.yaml(ruleset, comments).getBytes(StandardCharsets.UTF_8);
    if (content.length > RulesetLoader.MAX_BYTES) {
      throw new InvalidRulesetException(
          "Ruleset "
              + ruleset.version()
              + " is "
              + content.length
              + " bytes as the engine stores it (YAML, UTF-8), and the engine reads at most "
              + RulesetLoader.MAX_BYTES
              + " at start: shorten or remove rules (descriptions are the usual bulk)");
    }
    return content;
  }

  /**
   * Writes a ruleset durably under its version.
   *
   * @param comments lines written as YAML comments above it (who wrote it, when)
   * @throws RulesetStoreFailedException if it cannot be written; the version is then not stored
   */
  public Path save(Ruleset ruleset, String... comments) {
    requireNonNull(ruleset, "ruleset is null");
    Path file = file(ruleset.version());
    byte[] content = content(ruleset, comments);
    try {
      DurableFiles.writeNew(file, content);
      return file;
    } catch (FileAlreadyExistsException e) {
      // Cannot happen while versions only grow; the stored file stands, untouched.
      throw new RulesetStoreFailedException(
          "Ruleset " + ruleset.version() + " is already stored in " + file + "; it is not replaced",
          e);
    } catch (IOException e) {
      try {
        // A rename that happened before a failed directory sync must not come back at restart.
        if (Files.deleteIfExists(file)) {
          DurableFiles.syncDirectory(directory);
        }
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new RulesetStoreFailedException(
          "Ruleset "
              + ruleset.version()
              + " could not be written to "
              + file
              + "; it is not in force",
          e);
    }
  }
}
