package io.insightmesh.decisions.log;

import io.insightmesh.decisions.store.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens the channel the writer appends to; tests substitute one whose fsync fails. */
@FunctionalInterface
interface SegmentChannels {
  SegmentChannels FILES =
      path ->
          DurableFiles.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);

  FileChannel openForAppend(Path segment) throws IOException;
}
