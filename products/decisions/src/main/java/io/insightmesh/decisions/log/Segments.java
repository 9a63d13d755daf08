package io.insightmesh.decisions.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names, lists and syncs segment files. */
final class Segments {
  private static final Pattern NAME = Pattern.compile("segment-(\\d{20})\\.log");

  private Segments() {}

  /** The file name of the segment whose first record has this sequence. */
  static String fileName(long firstSequence) {
    return String.format("segment-%020d.log", firstSequence);
  }

  /** The segments in a directory by first sequence; other files are ignored. */
  static NavigableMap<Long, Path> list(Path directory) throws IOException {
    NavigableMap<Long, Path> segments = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          segments.put(Long.parseLong(matcher.group(1)), file);
        }
      }
    }
    return segments;
  }

  /**
   * Makes creations and deletions of segment files durable: without it a power loss can forget a
   * new segment whose records were already acknowledged.
   */
  static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
