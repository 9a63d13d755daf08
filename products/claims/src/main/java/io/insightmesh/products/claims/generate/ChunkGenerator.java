package io.insightmesh.products.claims.generate;

import io.insightmesh.contracts.claims.Scheme;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Generates one chunk: the landing part, and this chunk's share of the reference data and the
 * ground truth. Everything it writes is a function of (seed, chunk plan), so chunks can run on any
 * thread in any order.
 */
final class ChunkGenerator {
  private static final long CLAIMS = 20;
  private static final long CLAIM_IDS = 21;
  private static final long BAD = 22;
  private static final long BURST_TIME = 23;
  private static final long PAYE = 24;

  /** Bad records come only from ORDINARY claimants, 80% of claimants: scale up to hit the rate. */
  private static final double ORDINARY_SHARE = 0.8;

  private static final int[] TAX_YEARS_ENDING = {2017, 2018, 2019};
  private static final double[] FURLOUGH_ROUND_SHARE = {1.0, 0.9, 0.75, 0.6};
  private static final int[] PAYE_MONTHS = {
    SchemeRules.day(2019, 12, 1), SchemeRules.day(2020, 1, 1), SchemeRules.day(2020, 2, 1)
  };
  private static final int PAYE_MONTH_AFTER_CUTOFF = SchemeRules.day(2020, 4, 1);
  private static final String[] UNKNOWN_SCHEMES = {
    "SEIS", "FURLOUGH", "EAT_OUT_TO_HELP_OUT", "CBILS", "KICKSTART"
  };
  private static final Defect[] JSON_DEFECTS = {
    Defect.MALFORMED_NINO, Defect.MALFORMED_NINO,
    Defect.MISSING_REQUIRED_FIELD, Defect.MISSING_REQUIRED_FIELD,
    Defect.NEGATIVE_AMOUNT, Defect.NEGATIVE_AMOUNT,
    Defect.UNPARSEABLE_DATE, Defect.UNPARSEABLE_DATE,
    Defect.UNKNOWN_SCHEME, Defect.UNKNOWN_SCHEME,
    Defect.MALFORMED_POSTCODE, Defect.MALFORMED_SORT_CODE
  };
  private static final Defect[] AVRO_DEFECTS = {
    Defect.MALFORMED_NINO, Defect.NEGATIVE_AMOUNT,
    Defect.MALFORMED_POSTCODE, Defect.MALFORMED_SORT_CODE
  };

  private static final byte[] CLAIM_ID = Ascii.bytes("claim_id");
  private static final byte[] FRAUD = Ascii.bytes("fraud");
  private static final byte[] PATTERNS = Ascii.bytes("patterns");
  private static final byte[] BAD_RECORD = Ascii.bytes("bad_record");
  private static final byte[] BAD_FIELD = Ascii.bytes("bad_field");
  private static final byte[] NINO = Ascii.bytes("nino");
  private static final byte[] UTR = Ascii.bytes("utr");
  private static final byte[] TAX_YEAR = Ascii.bytes("tax_year");
  private static final byte[] TRADING_PROFIT = Ascii.bytes("trading_profit");
  private static final byte[] EMPLOYER_REFERENCE = Ascii.bytes("employer_reference");
  private static final byte[] COMPANY_NUMBER = Ascii.bytes("company_number");
  private static final byte[] MONTH = Ascii.bytes("month");
  private static final byte[] EMPLOYEES = Ascii.bytes("employees");
  private static final byte[] GROSS_PAY = Ascii.bytes("gross_pay");
  private static final byte[] NAME = Ascii.bytes("name");
  private static final byte[] INCORPORATED_ON = Ascii.bytes("incorporated_on");
  private static final byte[] STATUS = Ascii.bytes("status");
  private static final byte[] ACTIVE = Ascii.bytes("ACTIVE");
  private static final byte[] DATE_OF_DEATH = Ascii.bytes("date_of_death");
  private static final byte[][] PATTERN_NAMES = patternNames();
  private static final byte[] OPEN_LIST = Ascii.bytes("[");
  private static final byte[] COMMA = Ascii.bytes(",");
  private static final byte[] CLOSE_LIST = Ascii.bytes("]");

  private final GeneratorSettings settings;
  private final Population population;
  private final Plans plans;
  private final ChunkPlan chunk;
  private final LongConsumer progress;
  private final long seed;
  private final double badThreshold;
  private final Defect[] defects;

  private final Claimant claimant = new Claimant();
  private final ClaimRecord record = new ClaimRecord();
  private final Rng draw = Rng.of(0, 0, 0);
  private final Rng badDraw = Rng.of(0, 0, 0);
  private final Rng payeDraw = Rng.of(0, 0, 0);
  private final JsonLine line = new JsonLine();
  private final Ascii text = new Ascii(64);
  private final int[] dateOfDeath = new int[1];
  private final ChunkCounts counts = new ChunkCounts();

  private LandingWriter landing;
  private OutputStream labels;
  private OutputStream selfAssessment;
  private OutputStream payeEmployment;
  private OutputStream companies;
  private OutputStream deceased;
  private long nextRecord;
  private long reported;
  private final long reportEvery;

  /**
   * A generator for one chunk of a population of {@code claimants} claimants, of whom the first
   * {@code completeClaimants} are written in full.
   */
  ChunkGenerator(
      GeneratorSettings settings,
      long claimants,
      long completeClaimants,
      ChunkPlan chunk,
      LongConsumer progress) {
    this.settings = settings;
    // Plans and Population reuse their random streams: one of each per chunk, never shared.
    this.plans = new Plans(settings.seed());
    this.population = new Population(plans, claimants, completeClaimants);
    this.chunk = chunk;
    this.progress = progress;
    this.seed = settings.seed();
    this.badThreshold = Math.min(1.0, settings.badRate() / ORDINARY_SHARE);
    this.defects = settings.format() == OutputFormat.AVRO ? AVRO_DEFECTS : JSON_DEFECTS;
    this.reportEvery = Math.max(1, Math.min(8_192, settings.count() / 200));
  }

  /** Writes the chunk's files: its landing part and its parts of reference data and labels. */
  ChunkCounts run(Path landingFile, Layout.Parts parts) throws IOException {
    nextRecord = chunk.firstRecord();
    reported = chunk.firstRecord();
    long endRecord = chunk.firstRecord() + chunk.records();
    try (LandingWriter landingWriter = landingWriter(landingFile);
        OutputStream labelsOut = open(parts.labels(chunk.index()));
        OutputStream selfAssessmentOut = open(parts.selfAssessment(chunk.index()));
        OutputStream payeOut = open(parts.payeEmployment(chunk.index()));
        OutputStream companiesOut = open(parts.companies(chunk.index()));
        OutputStream deceasedOut = open(parts.deceased(chunk.index()))) {
      landing = landingWriter;
      labels = labelsOut;
      selfAssessment = selfAssessmentOut;
      payeEmployment = payeOut;
      companies = companiesOut;
      deceased = deceasedOut;
      for (long k = chunk.firstClaimant(); k < chunk.endClaimant(); k++) {
        claimant(k, (int) Math.min(Integer.MAX_VALUE, endRecord - nextRecord));
        if (nextRecord - reported >= reportEvery) {
          progress.accept(nextRecord - reported);
          reported = nextRecord;
        }
      }
      backgroundDeaths();
    }
    progress.accept(nextRecord - reported);
    if (nextRecord != endRecord) {
      throw new IllegalStateException(
          "Chunk "
              + chunk.index()
              + " wrote "
              + (nextRecord - chunk.firstRecord())
              + " records, planned "
              + chunk.records());
    }
    return counts;
  }

  private LandingWriter landingWriter(Path file) throws IOException {
    return settings.format() == OutputFormat.AVRO
        ? new AvroLandingWriter(file, Rng.key(seed, CLAIM_IDS, -1 - chunk.index()))
        : new JsonLandingWriter(file);
  }

  private static OutputStream open(Path file) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(file), 1 << 17);
  }

  private void claimant(long k, int limit) throws IOException {
    population.describe(k, claimant);
    Plans.Plan plan = claimant.plan;
    int records = Math.min(limit, plan.records());
    if (records <= 0) {
      return;
    }
    counts.claimants++;
    reference();

    Rng rng = draw.reset(seed, CLAIMS, k);
    long burstStart = Long.MIN_VALUE;
    Plans.BurstKind burstKind = null;
    if (claimant.burstMember) {
      long block = Plans.block(k);
      Scheme scheme = plans.burstScheme(block);
      burstStart =
          SubmissionCalendar.burstStart(
              scheme == Scheme.SEISS
                  ? SubmissionCalendar.Window.SEISS
                  : SubmissionCalendar.Window.BBL,
              Rng.of(seed, BURST_TIME, block));
      burstKind = plans.burstKind(block);
    }

    int claimNumber = 0;
    int written = 0;
    int round = 0;
    int ssp = plan.sspClaims;
    boolean seiss = plan.seiss;
    boolean bbl = plan.bbl;
    while (written < records) {
      record.reset(claimant);
      if (seiss) {
        seiss = false;
        seissClaim(rng, claimNumber);
      } else if (round < plan.cjrsRounds) {
        cjrsClaim(rng, round++, claimNumber);
      } else if (ssp > 0) {
        ssp--;
        sspClaim(rng);
      } else if (bbl) {
        bbl = false;
        bblClaim(rng, claimNumber);
      } else {
        throw new IllegalStateException("Claimant " + k + " has no claim left to make");
      }
      if (claimant.burstMember) {
        record.submittedAt = burstStart + rng.nextInt(3_600);
      }
      channel(k, claimNumber, burstKind, rng);
      claimId(nextRecord);

      boolean duplicate = claimNumber == 0 && plan.duplicate && written + 2 <= records;
      labelPatterns(claimNumber, duplicate);
      if (record.patterns.isEmpty()
          && plan.role == Plans.Role.ORDINARY
          && badDraw.reset(seed, BAD, nextRecord).nextDouble() < badThreshold) {
        corrupt(badDraw);
      }
      emit();
      written++;
      if (duplicate) {
        record.submittedAt += rng.between(120, 1_800);
        emit();
        written++;
        counts.duplicates++;
      }
      label();
      claimNumber++;
    }
  }

  private void seissClaim(Rng rng, int claimNumber) {
    record.scheme = Scheme.SEISS;
    record.submittedAt = SubmissionCalendar.sample(SubmissionCalendar.Window.SEISS, rng);
    record.withUtr = true;
    long total = 0;
    for (int year = 0; year < claimant.taxYears; year++) {
      total += claimant.tradingProfit[year];
    }
    record.amount = SchemeRules.seissGrant(total / claimant.taxYears);
    if (overCap(claimNumber)) {
      record.amount = SchemeRules.SEISS_CAP + rng.between(1, 75) * 100_00L;
    }
  }

  private void cjrsClaim(Rng rng, int round, int claimNumber) {
    record.scheme = Scheme.CJRS;
    record.submittedAt = SubmissionCalendar.sample(SubmissionCalendar.Window.cjrsRound(round), rng);
    record.withCompany = true;
    if (round == 0) {
      double u = rng.nextDouble();
      int start =
          u < 0.6
              ? SchemeRules.LOCKDOWN
              : u < 0.85
                  ? rng.between(SchemeRules.FURLOUGH_FROM, SchemeRules.LOCKDOWN - 1)
                  : rng.between(SchemeRules.LOCKDOWN + 1, SchemeRules.day(2020, 4, 15));
      record.periodStart = Math.max(start, claimant.incorporatedOn + 7);
      record.periodEnd = SchemeRules.day(2020, 4, 30);
    } else {
      java.time.LocalDate month = java.time.LocalDate.of(2020, 4 + round, 1);
      record.periodStart = (int) month.toEpochDay();
      record.periodEnd = (int) month.withDayOfMonth(month.lengthOfMonth()).toEpochDay();
    }
    record.employees =
        Math.max(
            1,
            (int)
                Math.round(
                    claimant.plan.employees
                        * claimant.furloughShare
                        * FURLOUGH_ROUND_SHARE[round]));
    record.amount =
        SchemeRules.cjrsGrant(
            record.employees, claimant.monthlyWage, record.periodStart, record.periodEnd);
    if (overCap(claimNumber)) {
      long cap = SchemeRules.cjrsCap(record.employees, record.periodStart, record.periodEnd);
      record.amount = Math.round(cap * (1.3 + 1.7 * rng.nextDouble()));
    }
  }

  private void sspClaim(Rng rng) {
    record.scheme = Scheme.SSP_REBATE;
    record.submittedAt = SubmissionCalendar.sample(SubmissionCalendar.Window.SSP_REBATE, rng);
    record.withCompany = true;
    int submitted = SubmissionCalendar.localDay(record.submittedAt);
    record.periodEnd = submitted - rng.between(1, 10);
    record.periodStart = Math.max(SchemeRules.SSP_FROM, record.periodEnd - rng.between(7, 28) + 1);
    int sick = 1 + rng.nextInt(Math.min(claimant.plan.employees, 8));
    long amount = 0;
    for (int i = 0; i < sick; i++) {
      amount += SchemeRules.sspRebate(rng.between(4, SchemeRules.SSP_MAX_DAYS));
    }
    record.amount = amount;
  }

  private void bblClaim(Rng rng, int claimNumber) {
    record.scheme = Scheme.BBL;
    record.submittedAt = SubmissionCalendar.sample(SubmissionCalendar.Window.BBL, rng);
    record.withUtr = claimant.isIndividual();
    record.withCompany = claimant.isCompany();
    long maximum = Math.max(SchemeRules.BBL_MIN, SchemeRules.bblMaximum(claimant.turnover));
    if (rng.chance(0.65)) {
      record.amount = maximum / 100_00 * 100_00;
    } else {
      long steps = (maximum - SchemeRules.BBL_MIN) / 500_00;
      record.amount = SchemeRules.BBL_MIN + rng.nextInt((int) steps + 1) * 500_00L;
    }
    if (overCap(claimNumber)) {
      record.amount = SchemeRules.BBL_MAX + rng.between(1, 100) * 1_000_00L;
    }
  }

  private boolean overCap(int claimNumber) {
    return claimNumber == 0 && claimant.plan.role == Plans.Role.OVER_CAP;
  }

  private void channel(long k, int claimNumber, Plans.BurstKind burstKind, Rng rng) {
    record.channel = claimant.channel;
    switch (record.channel) {
      case 0 -> {
        record.online = true;
        record.deviceId.copyFrom(claimant.deviceId);
        record.ipAddress.copyFrom(claimant.ipAddress);
        if (burstKind != null) {
          long block = Plans.block(k);
          if (burstKind != Plans.BurstKind.IP) {
            population.burstDevice(block, record.deviceId);
          }
          if (burstKind != Plans.BurstKind.DEVICE) {
            population.burstIp(block, record.ipAddress);
          }
        }
      }
      case 1 -> {
        record.online = true;
        population.agent(k, claimNumber, record.deviceId, record.ipAddress);
      }
      default -> record.online = false;
    }
  }

  /**
   * A version 7 UUID (RFC 9562), as submission systems assign them: the submission time in
   * milliseconds leads, so claim ids sort by arrival and a product partitioned or appended by time
   * keeps each data file's ids in a narrow range, which readers prune on (a point lookup by claim
   * id reads one day's file, not all of them). The 74 random bits carry the whole of a bijective
   * key of the record index, so ids stay unique whatever the times.
   */
  private void claimId(long recordIndex) {
    long unique = Rng.key(seed, CLAIM_IDS, recordIndex);
    long extra = Rng.key(seed, CLAIM_IDS ^ 0x5A5A, recordIndex);
    long millis = record.submittedAt * 1000 + Math.floorMod(extra, 1000);
    long high = (millis << 16) | 0x7000L | (unique >>> 52);
    long low =
        0x8000000000000000L | ((unique & 0x000FFFFFFFFFFFFFL) << 10) | ((extra >>> 20) & 0x3FFL);
    record
        .claimId
        .clear()
        .hex(high >>> 32, 8)
        .append('-')
        .hex(high >>> 16, 4)
        .append('-')
        .hex(high, 4)
        .append('-')
        .hex(low >>> 48, 4)
        .append('-')
        .hex(low, 12);
  }

  private void labelPatterns(int claimNumber, boolean duplicate) {
    Plans.Role role = claimant.plan.role;
    if (claimant.ringMember) {
      record.patterns.add(FraudPattern.SHARED_BANK_ACCOUNT);
    }
    if (claimant.burstMember && record.online) {
      long block = Plans.block(claimant.plan.claimant);
      Plans.BurstKind kind = plans.burstKind(block);
      if (kind != Plans.BurstKind.IP) {
        record.patterns.add(FraudPattern.DEVICE_BURST);
      }
      if (kind != Plans.BurstKind.DEVICE) {
        record.patterns.add(FraudPattern.IP_BURST);
      }
    }
    if (claimant.reusesIdentity) {
      record.patterns.add(FraudPattern.IDENTITY_REUSE);
    }
    if (role == Plans.Role.OVER_CAP && claimNumber == 0) {
      record.patterns.add(FraudPattern.OVER_CAP);
    }
    if (role == Plans.Role.INCORPORATED_AFTER_CUTOFF) {
      record.patterns.add(FraudPattern.INCORPORATED_AFTER_CUTOFF);
    }
    if (role == Plans.Role.DECEASED) {
      record.patterns.add(FraudPattern.DECEASED);
    }
    if (duplicate) {
      record.patterns.add(FraudPattern.DUPLICATE_SUBMISSION);
    }
  }

  /** Turns the record into a deliberately bad one. */
  private void corrupt(Rng rng) {
    Defect defect = defects[rng.nextInt(defects.length)];
    record.defect = defect;
    switch (defect) {
      case MALFORMED_NINO -> {
        record.defectField = "nino";
        Ascii nino = record.nino;
        switch (rng.nextInt(4)) {
          case 0 -> {
            // QQ: Q is never a first letter (the well-known specimen QQ 12 34 56 C).
            nino.bytes[0] = 'Q';
            nino.bytes[1] = 'Q';
          }
          case 1 -> nino.length = 8; // a digit short
          case 2 -> nino.bytes[8] = 'E'; // suffixes are A to D
          default -> nino.bytes[0] = 'D'; // D is never a first letter
        }
      }
      case MISSING_REQUIRED_FIELD -> {
        var fields = ClaimsContract.REQUIRED_FIELDS;
        record.defectField = fields.get(rng.nextInt(fields.size()));
      }
      case NEGATIVE_AMOUNT -> {
        record.defectField = "amount_claimed";
        record.amount = -record.amount;
      }
      case UNPARSEABLE_DATE -> {
        java.time.LocalDateTime local =
            java.time.LocalDateTime.ofEpochSecond(
                record.submittedAt, 0, java.time.ZoneOffset.ofHours(1));
        if (rng.chance(0.5)) {
          record.defectField = "submitted_at";
          record.defectText =
              String.format(
                  java.util.Locale.ROOT,
                  "%02d/%02d/%04d %02d:%02d",
                  local.getDayOfMonth(),
                  local.getMonthValue(),
                  local.getYear(),
                  local.getHour(),
                  local.getMinute());
        } else {
          record.defectField = "date_of_birth";
          int year = java.time.LocalDate.ofEpochDay(claimant.dateOfBirth).getYear();
          record.defectText = year + "-02-" + rng.between(30, 31);
        }
      }
      case UNKNOWN_SCHEME -> {
        record.defectField = "scheme";
        record.defectText = UNKNOWN_SCHEMES[rng.nextInt(UNKNOWN_SCHEMES.length)];
      }
      case MALFORMED_POSTCODE -> {
        record.defectField = "postcode";
        if (rng.chance(0.5)) {
          record.postcode.clear().digits(rng.nextInt(100_000), 5); // a US ZIP code
        } else {
          record.postcode.length = record.postcode.length - 4; // the outward code alone
        }
      }
      case MALFORMED_SORT_CODE -> {
        record.defectField = "bank_sort_code";
        record.sortCode.length = 5;
      }
    }
  }

  private void emit() throws IOException {
    landing.write(record);
    nextRecord++;
    counts.records++;
    counts.perScheme[record.scheme.ordinal()]++;
  }

  private void label() throws IOException {
    counts.claims++;
    line.begin().key(CLAIM_ID).string(record.claimId);
    line.key(FRAUD).bool(!record.patterns.isEmpty());
    line.key(PATTERNS).raw(OPEN_LIST);
    if (!record.patterns.isEmpty()) {
      counts.fraudClaims++;
      boolean first = true;
      for (FraudPattern pattern : record.patterns) {
        counts.pattern(pattern);
        if (!first) {
          line.raw(COMMA);
        }
        line.raw(PATTERN_NAMES[pattern.ordinal()]);
        first = false;
      }
    }
    line.raw(CLOSE_LIST);
    if (record.defect != null) {
      counts.badRecords++;
      counts.defect(record.defect);
      line.key(BAD_RECORD).escaped(record.defect.name());
      line.key(BAD_FIELD).escaped(record.defectField);
    }
    line.end().writeTo(labels);
  }

  private void reference() throws IOException {
    if (claimant.isIndividual()) {
      for (int year = 0; year < claimant.taxYears; year++) {
        int ending = TAX_YEARS_ENDING[TAX_YEARS_ENDING.length - claimant.taxYears + year];
        text.clear().number(ending - 1).append('-').digits(ending % 100, 2);
        line.begin()
            .key(NINO)
            .string(claimant.nino)
            .key(UTR)
            .string(claimant.utr)
            .key(TAX_YEAR)
            .string(text)
            .key(TRADING_PROFIT)
            .pence(claimant.tradingProfit[year])
            .end()
            .writeTo(selfAssessment);
        counts.selfAssessment++;
      }
    } else {
      line.begin()
          .key(COMPANY_NUMBER)
          .string(claimant.companyNumber)
          .key(NAME)
          .string(claimant.companyName)
          .key(INCORPORATED_ON)
          .date(claimant.incorporatedOn)
          .key(STATUS)
          .string(ACTIVE)
          .end()
          .writeTo(companies);
      counts.companies++;
      if (claimant.plan.kind == Plans.Kind.EMPLOYER) {
        paye();
      }
    }
    if (claimant.dateOfDeath != Integer.MIN_VALUE) {
      deceased(claimant.nino, claimant.dateOfDeath);
    }
  }

  /** Monthly PAYE returns before the cut-off; a too-new company only has staff from April. */
  private void paye() throws IOException {
    Rng rng = payeDraw.reset(seed, PAYE, claimant.plan.claimant);
    boolean tooNew = claimant.incorporatedOn > SchemeRules.CUTOFF;
    int[] months = tooNew ? new int[] {PAYE_MONTH_AFTER_CUTOFF} : PAYE_MONTHS;
    for (int i = 0; i < months.length; i++) {
      boolean february = i == months.length - 1;
      int employees =
          february
              ? claimant.plan.employees
              : Math.max(
                  1, (int) Math.round(claimant.plan.employees * (0.9 + 0.15 * rng.nextDouble())));
      long gross = Math.round(employees * claimant.monthlyWage * (0.97 + 0.06 * rng.nextDouble()));
      java.time.LocalDate month = java.time.LocalDate.ofEpochDay(months[i]);
      text.clear().number(month.getYear()).append('-').digits(month.getMonthValue(), 2);
      line.begin()
          .key(EMPLOYER_REFERENCE)
          .string(claimant.employerReference)
          .key(COMPANY_NUMBER)
          .string(claimant.companyNumber)
          .key(MONTH)
          .string(text)
          .key(EMPLOYEES)
          .integer(employees)
          .key(GROSS_PAY)
          .pence(gross)
          .end()
          .writeTo(payeEmployment);
      counts.payeEmployment++;
    }
  }

  private void backgroundDeaths() throws IOException {
    long from = chunk.firstClaimant() / Population.CLAIMANTS_PER_BACKGROUND_DEATH;
    long to = chunk.endClaimant() / Population.CLAIMANTS_PER_BACKGROUND_DEATH;
    for (long j = from; j < to; j++) {
      population.backgroundDeath(j, text, dateOfDeath);
      deceased(text, dateOfDeath[0]);
    }
  }

  private void deceased(Ascii nino, int date) throws IOException {
    line.begin().key(NINO).string(nino).key(DATE_OF_DEATH).date(date).end().writeTo(deceased);
    counts.deceased++;
  }

  private static byte[][] patternNames() {
    FraudPattern[] patterns = FraudPattern.values();
    byte[][] json = new byte[patterns.length][];
    for (FraudPattern pattern : patterns) {
      json[pattern.ordinal()] = Ascii.bytes("\"" + pattern.name() + "\"");
    }
    return json;
  }
}
