package io.insightmesh.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writing a benchmark's Markdown report without losing the hand-written reading below it. */
final class ReportFiles {
  /** Where the generated part of a report ends and the hand-written reading begins. */
  static final String NOTES = "<!-- notes: kept when the benchmark rewrites this file -->";

  private ReportFiles() {}

  /**
   * Writes {@code generated} to {@code file}, followed by whatever the file held from {@link
   * #NOTES} on: a re-run replaces the figures, not the analysis people wrote about them.
   */
  static void writeKeepingNotes(Path file, String generated) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      String existing = Files.exists(file) ? Files.readString(file) : "";
      int notes = existing.indexOf(NOTES);
      Files.writeString(
          file, generated + (notes >= 0 ? "\n" + existing.substring(notes) : "\n" + NOTES + "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
