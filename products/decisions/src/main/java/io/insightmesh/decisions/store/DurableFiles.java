package io.insightmesh.decisions.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes that survive a crash or power loss once they return: whole files by write-temporary,
 * fsync, atomic rename and directory fsync; the directory entries of new files by a directory
 * fsync. Files are created owner-only, since the engine's state holds personal data (block lists)
 * or decides payments (rules).
 */
public final class DurableFiles {
  /** The prefix of temporary files; a crash can leave one behind, and {@link #clean} removes it. */
  public static final String TEMPORARY_PREFIX = ".tmp-";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private DurableFiles() {}

  /**
   * Creates the directory (and its parents) if needed.
   *
   * @throws IOException if it cannot be created
   */
  public static Path directory(Path directory) throws IOException {
    requireNonNull(directory, "directory is null");
    Files.createDirectories(directory);
    return directory;
  }

  /**
   * Writes a new file whole: afterwards it exists with exactly these bytes, or, after a crash
   * before this returns, not at all (a temporary file may remain, see {@link #clean}).
   *
   * @throws FileAlreadyExistsException if the file exists: files written this way are never
   *     overwritten
   * @throws IOException if it cannot be written; the file then does not exist
   */
  public static void writeNew(Path file, byte[] content) throws IOException {
    requireNonNull(file, "file is null");
    requireNonNull(content, "content is null");
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    write(file, content);
  }

  /**
   * Writes a file whole, replacing it if it exists: afterwards it holds exactly these bytes; after
   * a crash before this returns, either these bytes or exactly what it held before, never a mix.
   * For files one process owns (it holds the directory's lock), so a temporary left by an earlier
   * crash is its own to remove.
   *
   * @throws IOException if it cannot be written; the file then holds these bytes or its old ones
   */
  public static void replace(Path file, byte[] content) throws IOException {
    requireNonNull(file, "file is null");
    requireNonNull(content, "content is null");
    Files.deleteIfExists(temporary(file));
    write(file, content);
  }

  private static Path temporary(Path file) {
    return file.toAbsolutePath().getParent().resolve(TEMPORARY_PREFIX + file.getFileName());
  }

  private static void write(Path file, byte[] content) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Path temporary = temporary(file);
    try (FileChannel channel = create(temporary)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    syncDirectory(directory);
  }

  /**
   * Opens a file for appending, creating it owner-only if needed; a new file's directory entry is
   * made durable before this returns.
   *
   * @throws IOException if it cannot be opened or created
   */
  public static FileChannel openForAppend(Path file) throws IOException {
    requireNonNull(file, "file is null");
    if (Files.exists(file)) {
      return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
    FileChannel channel = create(file);
    try {
      syncDirectory(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  /**
   * Removes temporary files a crash left in the directory: they were never renamed into place, so
   * nothing was acknowledged with them.
   *
   * @throws IOException if the directory cannot be listed or a file deleted
   */
  public static void clean(Path directory) throws IOException {
    try (var files = Files.newDirectoryStream(directory, TEMPORARY_PREFIX + "*")) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * Makes the directory's entries (new, renamed files) durable.
   *
   * @throws IOException if the directory cannot be synced
   */
  public static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * Creates the directory (and its parents) if needed and makes it, new or not, its owner's alone
   * ({@code rwx------}), for a directory whose files hold personal data whatever their own modes.
   *
   * @throws IOException if it cannot be created or its permissions cannot be set
   */
  public static Path privateDirectory(Path directory) throws IOException {
    directory(directory);
    try {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: its own permissions apply.
    }
    return directory;
  }

  /**
   * Opens {@code file} with {@code options}; a file they create is created owner-only ({@code
   * rw-------}), or with the file system's defaults where it is not POSIX.
   *
   * @throws IOException if it cannot be opened
   */
  public static FileChannel open(Path file, OpenOption... options) throws IOException {
    try {
      return FileChannel.open(
          file, Set.of(options), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: its default permissions apply.
      return FileChannel.open(file, options);
    }
  }

  private static FileChannel create(Path file) throws IOException {
    return open(
        file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
  }
}
