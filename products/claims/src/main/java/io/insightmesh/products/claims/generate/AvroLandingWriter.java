package io.insightmesh.products.claims.generate;

import io.insightmesh.contracts.claims.Claim;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A landing part as an Avro container file written with the claims contract (the schema shipped by
 * the contracts module) and its generated {@link Claim} type. The sync marker is derived from the
 * seed and the part, so files are byte-for-byte reproducible.
 */
final class AvroLandingWriter implements LandingWriter {
  private static final String[] CHANNELS = {"ONLINE", "AGENT", "PHONE"};

  private final DataFileWriter<Claim> writer;
  private final Claim claim = new Claim();

  AvroLandingWriter(Path file, long syncKey) throws IOException {
    SpecificDatumWriter<Claim> datumWriter =
        new SpecificDatumWriter<>(ClaimsContract.schema(), SpecificData.getForClass(Claim.class));
    writer = new DataFileWriter<>(datumWriter);
    writer.setCodec(CodecFactory.deflateCodec(1));
    byte[] sync = new byte[16];
    for (int i = 0; i < 16; i++) {
      sync[i] = (byte) (Rng.mix(syncKey + i / 8) >>> (8 * (i % 8)));
    }
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 18);
    writer.create(ClaimsContract.schema(), out, sync);
  }

  @Override
  public void write(ClaimRecord record) throws IOException {
    Claimant claimant = record.claimant;
    claim.setClaimId(record.claimId.toString());
    claim.setScheme(record.scheme);
    claim.setSubmittedAt(Instant.ofEpochSecond(record.submittedAt));
    claim.setClaimantId(claimant.claimantId.toString());
    claim.setNino(record.nino.toString());
    claim.setUtr(record.withUtr ? claimant.utr.toString() : null);
    claim.setCompanyNumber(record.withCompany ? claimant.companyNumber.toString() : null);
    claim.setName(
        new String(claimant.givenName, java.nio.charset.StandardCharsets.US_ASCII)
            + " "
            + new String(claimant.familyName, java.nio.charset.StandardCharsets.US_ASCII));
    claim.setDateOfBirth(LocalDate.ofEpochDay(claimant.dateOfBirth));
    claim.setPostcode(record.postcode.toString());
    claim.setEmail(claimant.email.length > 0 ? claimant.email.toString() : null);
    claim.setBankSortCode(record.sortCode.toString());
    claim.setBankAccountNumber(record.accountNumber.toString());
    claim.setAmountClaimed(BigDecimal.valueOf(record.amount, 2));
    claim.setEmployees(record.employees > 0 ? record.employees : null);
    boolean period = record.periodStart != ClaimRecord.ABSENT;
    claim.setPeriodStart(period ? LocalDate.ofEpochDay(record.periodStart) : null);
    claim.setPeriodEnd(period ? LocalDate.ofEpochDay(record.periodEnd) : null);
    claim.setChannel(CHANNELS[record.channel]);
    claim.setDeviceId(record.online ? record.deviceId.toString() : null);
    claim.setIpAddress(record.online ? record.ipAddress.toString() : null);
    writer.append(claim);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
