package io.insightmesh.products.claims.generate;

import java.nio.charset.StandardCharsets;

/**
 * A reusable, fixed-capacity ASCII value (a NINO, a postcode, an IP address): the generator fills
 * these in place for every claimant instead of allocating strings, and the JSON writer copies the
 * bytes straight out.
 */
final class Ascii {
  final byte[] bytes;
  int length;

  Ascii(int capacity) {
    bytes = new byte[capacity];
  }

  Ascii clear() {
    length = 0;
    return this;
  }

  Ascii append(char c) {
    bytes[length++] = (byte) c;
    return this;
  }

  Ascii append(byte[] value) {
    System.arraycopy(value, 0, bytes, length, value.length);
    length += value.length;
    return this;
  }

  Ascii append(Ascii value) {
    System.arraycopy(value.bytes, 0, bytes, length, value.length);
    length += value.length;
    return this;
  }

  Ascii append(String value) {
    for (int i = 0; i < value.length(); i++) {
      bytes[length++] = (byte) value.charAt(i);
    }
    return this;
  }

  /** Appends value in decimal, left-padded with zeros to width digits. */
  Ascii digits(long value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      bytes[length + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += width;
    return this;
  }

  /** Appends a non-negative value in decimal, without padding. */
  Ascii number(long value) {
    int width = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      width++;
    }
    return digits(value, width);
  }

  /** Appends value as lower-case hexadecimal, exactly width digits (the low 4·width bits). */
  Ascii hex(long value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      bytes[length + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    length += width;
    return this;
  }

  void copyFrom(Ascii other) {
    System.arraycopy(other.bytes, 0, bytes, 0, other.length);
    length = other.length;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.US_ASCII);
  }

  private static final byte[] HEX = bytes("0123456789abcdef");
}
