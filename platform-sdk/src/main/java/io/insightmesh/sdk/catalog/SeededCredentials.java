package io.insightmesh.sdk.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The client secrets the embedded catalog seeds on first start: one file per principal, named after
 * it, holding the client secret on one line.
 *
 * @param directory {@code <data-dir>/catalog/credentials}
 */
public record SeededCredentials(Path directory) {
  // Principal names are file names here; anything else could reach outside the directory.
  private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  public SeededCredentials {
    requireNonNull(directory, "directory is null");
  }

  /** Whether the catalog has seeded any credentials here yet. */
  public boolean exist() {
    return Files.isDirectory(directory);
  }

  /** The seeded principals, sorted. */
  public List<String> principals() {
    if (!exist()) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> file.getFileName().toString())
          .filter(name -> PRINCIPAL.matcher(name).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + directory, e);
    }
  }

  /**
   * The client secret of {@code principal}.
   *
   * @throws UnknownPrincipalException if no credentials are seeded for {@code principal}; the
   *     message lists the principals that are
   */
  public String secret(String principal) {
    Path file = directory.resolve(principal);
    if (!PRINCIPAL.matcher(principal).matches() || !Files.isRegularFile(file)) {
      throw new UnknownPrincipalException(unknown(principal));
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the credentials of " + principal + " in " + file, e);
    }
  }

  private String unknown(String principal) {
    List<String> known = principals();
    if (known.isEmpty()) {
      return "unknown principal '"
          + principal
          + "': no credentials are seeded in "
          + directory
          + " (the embedded catalog seeds them when it first starts on this data directory)";
    }
    return "unknown principal '"
        + principal
        + "': no credentials file "
        + directory.resolve(PRINCIPAL.matcher(principal).matches() ? principal : "<invalid>")
        + "; known principals: "
        + String.join(", ", known);
  }
}
