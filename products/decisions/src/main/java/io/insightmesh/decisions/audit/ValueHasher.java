package io.insightmesh.decisions.audit;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.store.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names personal values in the audit log without holding them: {@code sha256:<hex>} of a secret
 * salt followed by the value. The same value always gets the same name, so an entry's addition and
 * removal can be matched up and a known value looked up; without the salt, the small spaces of
 * NINOs and bank accounts cannot be enumerated against the log. The salt is made at first use and
 * kept owner-only apart from the log.
 */
public final class ValueHasher {
  private static final int SALT_BYTES = 32;

  private final byte[] salt;

  private ValueHasher(byte[] salt) {
    this.salt = salt;
  }

  /**
   * The hasher whose salt is kept in the given file, making the salt if the file does not exist.
   *
   * @throws UncheckedIOException if the file cannot be read or written, or is not a salt
   */
  public static ValueHasher open(Path saltFile) {
    requireNonNull(saltFile, "saltFile is null");
    try {
      DurableFiles.directory(saltFile.toAbsolutePath().getParent());
      if (!Files.exists(saltFile)) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        try {
          DurableFiles.writeNew(saltFile, salt);
        } catch (FileAlreadyExistsException e) {
          // Another opener made it first; its salt stands.
        }
      }
      byte[] salt = Files.readAllBytes(saltFile);
      if (salt.length != SALT_BYTES) {
        throw new IOException(
            "The salt file "
                + saltFile
                + " must hold "
                + SALT_BYTES
                + " bytes, not "
                + salt.length);
      }
      return new ValueHasher(salt);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or make the audit salt " + saltFile, e);
    }
  }

  /** The value's name for the audit log, {@code sha256:} and 64 hex digits. */
  public String hash(String value) {
    requireNonNull(value, "value is null");
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(salt);
      digest.update(value.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("Every Java platform has SHA-256", e);
    }
  }
}
