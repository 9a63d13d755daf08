package io.insightmesh.products.claims.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A landing part as JSON lines: the contract's field names in its order, timestamps as ISO-8601 UTC
 * ({@code 2020-05-13T07:00:00Z}), dates as {@code YYYY-MM-DD}, amounts as numbers with two
 * decimals, absent optional fields omitted.
 */
final class JsonLandingWriter implements LandingWriter {
  private static final byte[] CLAIM_ID = Ascii.bytes("claim_id");
  private static final byte[] SCHEME = Ascii.bytes("scheme");
  private static final byte[] SUBMITTED_AT = Ascii.bytes("submitted_at");
  private static final byte[] CLAIMANT_ID = Ascii.bytes("claimant_id");
  private static final byte[] NINO = Ascii.bytes("nino");
  private static final byte[] UTR = Ascii.bytes("utr");
  private static final byte[] COMPANY_NUMBER = Ascii.bytes("company_number");
  private static final byte[] NAME = Ascii.bytes("name");
  private static final byte[] DATE_OF_BIRTH = Ascii.bytes("date_of_birth");
  private static final byte[] POSTCODE = Ascii.bytes("postcode");
  private static final byte[] EMAIL = Ascii.bytes("email");
  private static final byte[] BANK_SORT_CODE = Ascii.bytes("bank_sort_code");
  private static final byte[] BANK_ACCOUNT_NUMBER = Ascii.bytes("bank_account_number");
  private static final byte[] AMOUNT_CLAIMED = Ascii.bytes("amount_claimed");
  private static final byte[] EMPLOYEES = Ascii.bytes("employees");
  private static final byte[] PERIOD_START = Ascii.bytes("period_start");
  private static final byte[] PERIOD_END = Ascii.bytes("period_end");
  private static final byte[] CHANNEL = Ascii.bytes("channel");
  private static final byte[] DEVICE_ID = Ascii.bytes("device_id");
  private static final byte[] IP_ADDRESS = Ascii.bytes("ip_address");

  static final byte[][] SCHEMES = {
    Ascii.bytes("SEISS"), Ascii.bytes("CJRS"), Ascii.bytes("SSP_REBATE"), Ascii.bytes("BBL")
  };
  static final byte[][] CHANNELS = {
    Ascii.bytes("ONLINE"), Ascii.bytes("AGENT"), Ascii.bytes("PHONE")
  };

  private final OutputStream out;
  private final JsonLine line = new JsonLine();
  private final Ascii name = new Ascii(64);

  JsonLandingWriter(Path file) throws IOException {
    this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 18);
  }

  @Override
  public void write(ClaimRecord record) throws IOException {
    Claimant claimant = record.claimant;
    line.begin();
    line.key(CLAIM_ID).string(record.claimId);
    if (!record.missing("scheme")) {
      line.key(SCHEME);
      if (record.badText("scheme")) {
        line.escaped(record.defectText);
      } else {
        line.string(SCHEMES[record.scheme.ordinal()]);
      }
    }
    if (!record.missing("submitted_at")) {
      line.key(SUBMITTED_AT);
      if (record.badText("submitted_at")) {
        line.escaped(record.defectText);
      } else {
        line.timestamp(record.submittedAt);
      }
    }
    if (!record.missing("claimant_id")) {
      line.key(CLAIMANT_ID).string(claimant.claimantId);
    }
    if (!record.missing("nino")) {
      line.key(NINO).string(record.nino);
    }
    if (record.withUtr) {
      line.key(UTR).string(claimant.utr);
    }
    if (record.withCompany) {
      line.key(COMPANY_NUMBER).string(claimant.companyNumber);
    }
    if (!record.missing("name")) {
      name.clear().append(claimant.givenName).append(' ').append(claimant.familyName);
      line.key(NAME).string(name);
    }
    if (!record.missing("date_of_birth")) {
      line.key(DATE_OF_BIRTH);
      if (record.badText("date_of_birth")) {
        line.escaped(record.defectText);
      } else {
        line.date(claimant.dateOfBirth);
      }
    }
    if (!record.missing("postcode")) {
      line.key(POSTCODE).string(record.postcode);
    }
    if (claimant.email.length > 0) {
      line.key(EMAIL).string(claimant.email);
    }
    if (!record.missing("bank_sort_code")) {
      line.key(BANK_SORT_CODE).string(record.sortCode);
    }
    if (!record.missing("bank_account_number")) {
      line.key(BANK_ACCOUNT_NUMBER).string(record.accountNumber);
    }
    if (!record.missing("amount_claimed")) {
      line.key(AMOUNT_CLAIMED).pence(record.amount);
    }
    if (record.employees > 0) {
      line.key(EMPLOYEES).integer(record.employees);
    }
    if (record.periodStart != ClaimRecord.ABSENT) {
      line.key(PERIOD_START).date(record.periodStart);
      line.key(PERIOD_END).date(record.periodEnd);
    }
    if (!record.missing("channel")) {
      line.key(CHANNEL).string(CHANNELS[record.channel]);
    }
    if (record.online) {
      line.key(DEVICE_ID).string(record.deviceId);
      line.key(IP_ADDRESS).string(record.ipAddress);
    }
    line.end().writeTo(out);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
