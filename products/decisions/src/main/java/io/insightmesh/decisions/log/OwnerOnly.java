package io.insightmesh.decisions.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The log's files hold whole claims (names, NINOs, bank accounts), so only the engine's own user
 * may read them: the directory is {@code rwx------} and files are created {@code rw-------}, as the
 * engine's other state is. Off POSIX file systems the defaults apply.
 */
final class OwnerOnly {
  private OwnerOnly() {}

  /** Creates the directory if needed and makes it, whether new or not, the owner's alone. */
  static void directory(Path directory) throws IOException {
    Files.createDirectories(directory);
    try {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException notPosix) {
      // Its own permissions apply.
    }
  }

  /** Opens {@code file}, created owner-only if {@code options} create it. */
  static FileChannel open(Path file, OpenOption... options) throws IOException {
    try {
      return FileChannel.open(
          file,
          Set.of(options),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      return FileChannel.open(file, options);
    }
  }
}
