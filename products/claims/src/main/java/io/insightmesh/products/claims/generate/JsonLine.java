package io.insightmesh.products.claims.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Builds one JSON object per line into a reusable byte buffer. Values the generator writes are
 * ASCII from fixed alphabets (names, codes, digits), so only strings of unknown origin are escaped.
 * Formatting dates and amounts by hand keeps the writer free of per-claim garbage.
 */
final class JsonLine {
  private byte[] buffer = new byte[2048];
  private int length;
  private boolean first;

  JsonLine begin() {
    length = 0;
    put('{');
    first = true;
    return this;
  }

  /** Starts a field; key is the field name, which must need no escaping. */
  JsonLine key(byte[] key) {
    ensure(key.length + 4);
    if (!first) {
      buffer[length++] = ',';
    }
    first = false;
    buffer[length++] = '"';
    System.arraycopy(key, 0, buffer, length, key.length);
    length += key.length;
    buffer[length++] = '"';
    buffer[length++] = ':';
    return this;
  }

  JsonLine string(Ascii value) {
    ensure(value.length + 2);
    buffer[length++] = '"';
    System.arraycopy(value.bytes, 0, buffer, length, value.length);
    length += value.length;
    buffer[length++] = '"';
    return this;
  }

  JsonLine string(byte[] value) {
    ensure(value.length + 2);
    buffer[length++] = '"';
    System.arraycopy(value, 0, buffer, length, value.length);
    length += value.length;
    buffer[length++] = '"';
    return this;
  }

  /** A string from anywhere, escaped as JSON requires. */
  JsonLine escaped(String value) {
    ensure(value.length() * 6 + 2);
    buffer[length++] = '"';
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        buffer[length++] = '\\';
        buffer[length++] = (byte) c;
      } else if (c < 0x20 || c > 0x7E) {
        buffer[length++] = '\\';
        buffer[length++] = 'u';
        for (int shift = 12; shift >= 0; shift -= 4) {
          buffer[length++] = (byte) "0123456789abcdef".charAt((c >> shift) & 0xF);
        }
      } else {
        buffer[length++] = (byte) c;
      }
    }
    buffer[length++] = '"';
    return this;
  }

  JsonLine integer(long value) {
    ensure(21);
    if (value < 0) {
      buffer[length++] = '-';
      value = -value;
    }
    int width = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      width++;
    }
    digits(value, width);
    return this;
  }

  /** An amount in pence as a JSON number with exactly two decimals: {@code 7500.00}. */
  JsonLine pence(long pence) {
    ensure(24);
    if (pence < 0) {
      buffer[length++] = '-';
      pence = -pence;
    }
    integerDigits(pence / 100);
    buffer[length++] = '.';
    digits(pence % 100, 2);
    return this;
  }

  JsonLine bool(boolean value) {
    return raw(value ? TRUE : FALSE);
  }

  /** A date as {@code "YYYY-MM-DD"}. */
  JsonLine date(int epochDay) {
    ensure(12);
    buffer[length++] = '"';
    civilDate(epochDay);
    buffer[length++] = '"';
    return this;
  }

  /** A UTC instant to the second as {@code "YYYY-MM-DDTHH:MM:SSZ"}. */
  JsonLine timestamp(long epochSecond) {
    ensure(24);
    int day = (int) Math.floorDiv(epochSecond, 86_400L);
    int second = (int) Math.floorMod(epochSecond, 86_400L);
    buffer[length++] = '"';
    civilDate(day);
    buffer[length++] = 'T';
    digits(second / 3600, 2);
    buffer[length++] = ':';
    digits(second / 60 % 60, 2);
    buffer[length++] = ':';
    digits(second % 60, 2);
    buffer[length++] = 'Z';
    buffer[length++] = '"';
    return this;
  }

  /** Already-formatted JSON. */
  JsonLine raw(byte[] json) {
    ensure(json.length);
    System.arraycopy(json, 0, buffer, length, json.length);
    length += json.length;
    return this;
  }

  JsonLine end() {
    ensure(2);
    buffer[length++] = '}';
    buffer[length++] = '\n';
    return this;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(buffer, 0, length);
  }

  @Override
  public String toString() {
    return new String(buffer, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private void put(char c) {
    ensure(1);
    buffer[length++] = (byte) c;
  }

  private void integerDigits(long value) {
    int width = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      width++;
    }
    digits(value, width);
  }

  private void digits(long value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      buffer[length + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += width;
  }

  /** Howard Hinnant's days-to-civil algorithm, valid for every proleptic Gregorian date. */
  private void civilDate(int epochDay) {
    long z = epochDay + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long dayOfEra = z - era * 146_097L;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long monthIndex = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
    long month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    digits(year, 4);
    buffer[length++] = '-';
    digits(month, 2);
    buffer[length++] = '-';
    digits(day, 2);
  }

  private void ensure(int extra) {
    if (length + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
    }
  }

  private static final byte[] TRUE = Ascii.bytes("true");
  private static final byte[] FALSE = Ascii.bytes("false");
}
