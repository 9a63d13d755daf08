package io.insightmesh.decisions.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.store.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Salted hashes (HMAC-SHA256) of personal values for the audit log: the same value searched twice
 * has the same fingerprint, so an auditor can tell that one NINO was searched repeatedly, or — with
 * the salt — whether a given NINO was searched, but the log alone does not reveal any value.
 * Without the salt, a NINO's small value space could be brute-forced from a plain hash.
 *
 * <p>The salt is 32 random bytes made at first start in {@code <directory>/salt}, readable by the
 * owner only, in a directory of its own: not beside the audit log it keys. Thread-safe.
 */
public final class Fingerprinter {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  private Fingerprinter(byte[] salt) {
    this.key = new SecretKeySpec(salt, ALGORITHM);
  }

  /**
   * The fingerprinter with the salt in {@code directory}, made there if absent.
   *
   * @throws UncheckedIOException if the salt cannot be read or written
   */
  public static Fingerprinter open(Path directory) {
    return open(directory, null);
  }

  /**
   * As {@link #open(Path)}, first moving a salt an earlier release kept in {@code formerDirectory}
   * (beside the audit log, so that whoever copied the log for an auditor copied its key too), so
   * that fingerprints already in the log keep matching.
   *
   * @throws UncheckedIOException if the salt cannot be read, moved or written
   */
  public static Fingerprinter open(Path directory, Path formerDirectory) {
    requireNonNull(directory, "directory is null");
    Path file = directory.resolve("salt");
    try {
      DurableFiles.privateDirectory(directory);
      Path former = formerDirectory == null ? null : formerDirectory.resolve("salt");
      if (!Files.exists(file) && former != null && Files.exists(former)) {
        // Copied, not renamed: the two directories may be on different volumes (the trail on
        // one of its own). Durable before the old one goes, so no crash leaves neither.
        DurableFiles.clean(directory);
        DurableFiles.writeNew(file, Files.readAllBytes(former));
        Files.delete(former);
        DurableFiles.syncDirectory(formerDirectory);
      }
      if (!Files.exists(file)) {
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        // A power loss must not forget it: every fingerprint logged with it would match nothing.
        DurableFiles.clean(directory);
        try {
          DurableFiles.writeNew(file, salt);
        } catch (FileAlreadyExistsException e) {
          // Another process made it first: use theirs.
        }
      }
      byte[] salt = Files.readAllBytes(file);
      if (salt.length < 16) {
        throw new IllegalStateException("Audit salt " + file + " is shorter than 16 bytes");
      }
      return new Fingerprinter(salt);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or make the audit salt in " + directory, e);
    }
  }

  /** The fingerprint of {@code value} searched as {@code type}: 64 hexadecimal digits. */
  public String fingerprint(String type, String value) {
    requireNonNull(type, "type is null");
    requireNonNull(value, "value is null");
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal((type + '\u0000' + value).getBytes(UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
