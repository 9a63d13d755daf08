package io.insightmesh.products.claims.generate;

/**
 * Every claimant's attributes as a pure function of (seed, claimant index): identity, bank account,
 * devices, tax history and company. Identifiers come from seeded permutations, so two claimants
 * never share a NINO, account number, UTR or company number unless a fraud pattern says they do.
 *
 * <p>Not thread-safe (it reuses its random streams): one instance per worker.
 */
final class Population {
  /**
   * NINO serials: 373 prefixes × 10^6 numbers; claimants from the bottom, the dead from the top.
   */
  static final long NINO_SPACE = UkData.NINO_PREFIXES.length * 1_000_000L;

  static final long ACCOUNT_SPACE = 100_000_000L;
  static final long UTR_SPACE = 9_000_000_000L;
  static final long PAYE_SPACE = 26L * 26 * 100_000;

  /** Companies registered before 2020 carry numbers up to about 12.4 million. */
  static final long COMPANY_SPACE = 12_400_000L;

  static final int AGENTS = 20_000;

  /** One non-claimant on the deceased register per this many claimants. */
  static final int CLAIMANTS_PER_BACKGROUND_DEATH = 50;

  private static final long IDENTITY = 10;
  private static final long HISTORY = 11;
  private static final long KEYS = 12;
  private static final long DEATH = 13;
  private static final long BACKGROUND = 14;
  private static final long BUSINESS = 15;

  private static final double[] CHANNELS = Rng.cumulative(93, 5, 2);
  private static final double[] TAX_YEARS = Rng.cumulative(8, 12, 80);
  private static final int LATEST_INCORPORATION = SchemeRules.day(2020, 2, 29);
  private static final int EARLIEST_INCORPORATION = SchemeRules.day(1975, 1, 1);
  private static final java.time.LocalDate REFERENCE_DATE = java.time.LocalDate.of(2020, 4, 1);

  private final Plans plans;
  private final long seed;
  private final long claimants;
  private final long complete;
  private final Permutation ninos;
  private final Permutation accounts;
  private final Permutation utrs;
  private final Permutation companies;
  private final Permutation payeReferences;
  private final long claimantIdKey;
  private final long deviceKey;
  private final Rng rng = Rng.of(0, 0, 0);
  private final Rng helper = Rng.of(0, 0, 0);
  private final Plans.Plan scratch = new Plans.Plan();

  /**
   * The population of {@code claimants} claimants, of whom the first {@code complete} have all
   * their claims written (the last may be cut short by the record count).
   */
  Population(Plans plans, long claimants, long complete) {
    this.plans = plans;
    this.seed = plans.seed();
    this.claimants = claimants;
    this.complete = complete;
    this.ninos = new Permutation(NINO_SPACE, Rng.key(seed, KEYS, 1));
    this.accounts = new Permutation(ACCOUNT_SPACE, Rng.key(seed, KEYS, 2));
    this.utrs = new Permutation(UTR_SPACE, Rng.key(seed, KEYS, 3));
    this.companies = new Permutation(Math.max(COMPANY_SPACE, claimants), Rng.key(seed, KEYS, 4));
    this.payeReferences = new Permutation(PAYE_SPACE, Rng.key(seed, KEYS, 5));
    this.claimantIdKey = Rng.key(seed, KEYS, 6);
    this.deviceKey = Rng.key(seed, KEYS, 7);
  }

  Plans plans() {
    return plans;
  }

  long claimants() {
    return claimants;
  }

  /** Whether a block's ring and burst are live: all 4,000 of its claimants are written in full. */
  boolean blockActive(long block) {
    return (block + 1) * Plans.BLOCK <= complete;
  }

  /** Fills {@code into} with claimant k (its plan first). */
  void describe(long k, Claimant into) {
    Plans.Plan plan = plans.plan(k, into.plan);
    Rng draw = rng.reset(seed, IDENTITY, k);

    into.claimantId.clear().hex(Rng.mix(claimantIdKey ^ k), 16);
    nino(k, into.nino);
    boolean female = draw.chance(0.5);
    into.givenName = pickName(draw, female);
    into.familyName = UkData.FAMILY_NAMES[draw.nextInt(UkData.FAMILY_NAMES.length)];
    int age = plan.role == Plans.Role.DECEASED ? draw.between(55, 85) : age(draw);
    // Aged exactly `age` on the reference day.
    into.dateOfBirth = (int) REFERENCE_DATE.minusYears(age).toEpochDay() - draw.nextInt(365);
    postcode(draw, into.postcode);
    into.email.clear();
    if (draw.chance(0.7)) {
      into.email
          .append(emailName(into.givenName, female))
          .append('.')
          .append(UkData.FAMILY_EMAIL[indexOf(UkData.FAMILY_NAMES, into.familyName)]);
      if (draw.chance(0.5)) {
        into.email.digits(draw.nextInt(100), 2);
      }
      into.email.append('@').append(UkData.EMAIL_DOMAINS[draw.pick(UkData.EMAIL_DOMAIN_WEIGHTS)]);
    }
    sortCode(draw, into.sortCode);
    into.accountNumber.clear().digits(accounts.apply(k), 8);
    into.channel = draw.pick(CHANNELS);
    into.deviceId.clear().hex(Rng.mix(deviceKey ^ k), 16);
    ipAddress(draw, UkData.RESIDENTIAL_FIRST_OCTETS, into.ipAddress);

    long block = Plans.block(k);
    into.ringMember =
        plan.role == Plans.Role.RING
            && blockActive(block)
            && plans.ringOrdinal(k) < plans.ringSize(block);
    into.burstMember =
        plan.role == Plans.Role.BURST
            && blockActive(block)
            && plans.burstOrdinal(k) < plans.burstSize(block);
    if (into.ringMember) {
      ringAccount(block, into.sortCode, into.accountNumber);
    }
    if (into.burstMember) {
      into.channel = 0;
    }

    into.reusesIdentity = false;
    if (plan.role == Plans.Role.IDENTITY_REUSE) {
      long victim = victim(k);
      if (victim >= 0) {
        nino(victim, into.nino);
        into.reusesIdentity = true;
        // A different name from the owner's, always.
        if (into.familyName == familyName(victim)) {
          into.familyName =
              UkData.FAMILY_NAMES[
                  (indexOf(UkData.FAMILY_NAMES, into.familyName) + 1) % UkData.FAMILY_NAMES.length];
        }
      }
    }

    Rng history = draw.reset(seed, HISTORY, k);
    into.taxYears = 0;
    if (into.isIndividual()) {
      into.utr.clear().digits(1_000_000_000L + utrs.apply(k), 10);
      taxHistory(history, into);
      into.turnover = pounds(Math.min(2_000_000, Math.max(8_000, history.logNormal(45_000, 0.8))));
    } else {
      company(k, history, into);
    }

    into.dateOfDeath = Integer.MIN_VALUE;
    if (plan.role == Plans.Role.DECEASED) {
      into.dateOfDeath =
          draw.reset(seed, DEATH, k)
              .between(SchemeRules.day(2016, 1, 1), SchemeRules.day(2020, 3, 31));
    } else if (plan.role == Plans.Role.DIES_AFTER_CLAIMING) {
      into.dateOfDeath =
          draw.reset(seed, DEATH, k)
              .between(SchemeRules.day(2020, 10, 1), SchemeRules.day(2021, 3, 31));
    }
  }

  /**
   * The legitimate SEISS claimant whose NINO an impostor at k reuses: the nearest earlier claimant
   * in the victim pool who is an individual (so fully written, whatever the cut), or -1.
   */
  long victim(long k) {
    for (long candidate = k - 1; candidate >= 0 && candidate >= k - 2_000; candidate--) {
      if (plans.role(candidate) == Plans.Role.VICTIM_POOL
          && plans.plan(candidate, scratch).kind == Plans.Kind.INDIVIDUAL) {
        return candidate;
      }
    }
    return -1;
  }

  /** The NINO of claimant k (or of a non-claimant, for slots from the top of the space). */
  void nino(long slot, Ascii into) {
    long serial = ninos.apply(slot);
    into.clear()
        .append(UkData.NINO_PREFIXES[(int) (serial / 1_000_000)])
        .digits(serial % 1_000_000, 6)
        .append((char) ('A' + (Rng.mix(slot ^ claimantIdKey) & 3)));
  }

  /** The NINO of the j-th person on the deceased register who never claimed. */
  void backgroundDeath(long j, Ascii nino, int[] dateOfDeath) {
    nino(NINO_SPACE - 1 - j, nino);
    dateOfDeath[0] =
        helper
            .reset(seed, BACKGROUND, j)
            .between(SchemeRules.day(2015, 1, 1), SchemeRules.day(2020, 9, 30));
  }

  /** A ring's mule account, at a digital bank; numbers no claimant holds. */
  void ringAccount(long block, Ascii sortCode, Ascii accountNumber) {
    Rng draw = helper.reset(seed, Plans.RING, block);
    sortCode.clear().append(UkData.MULE_SORT_CODES[draw.nextInt(UkData.MULE_SORT_CODES.length)]);
    accountNumber.clear().digits(accounts.apply(ACCOUNT_SPACE - 1 - block), 8);
  }

  /** A burst's device: a fingerprint no claimant's device has. */
  void burstDevice(long block, Ascii into) {
    into.clear().hex(Rng.mix(deviceKey ^ (1L << 62 | block)), 16);
  }

  /** A burst's IP address, in hosting or VPN space. */
  void burstIp(long block, Ascii into) {
    ipAddress(helper.reset(seed, Plans.BURST, block), UkData.HOSTING_FIRST_OCTETS, into);
  }

  /** The device and IP address of the tax agent submitting claim number n of claimant k. */
  void agent(long k, int claim, Ascii device, Ascii ip) {
    long agent = Math.floorMod(Rng.key(seed, BUSINESS, k * 8 + claim), (long) AGENTS);
    device.clear().hex(Rng.mix(deviceKey ^ (1L << 61 | agent)), 16);
    ipAddress(helper.reset(seed, BUSINESS, -1 - agent), UkData.RESIDENTIAL_FIRST_OCTETS, ip);
  }

  private byte[] familyName(long k) {
    Rng draw = Rng.of(seed, IDENTITY, k);
    pickName(draw, draw.chance(0.5));
    return UkData.FAMILY_NAMES[draw.nextInt(UkData.FAMILY_NAMES.length)];
  }

  private void taxHistory(Rng draw, Claimant into) {
    into.taxYears = 1 + draw.pick(TAX_YEARS);
    double typical = Math.min(48_000, Math.max(1_500, draw.logNormal(16_000, 0.7)));
    for (int year = 0; year < into.taxYears; year++) {
      double profit = typical * (0.75 + 0.5 * draw.nextDouble());
      into.tradingProfit[year] = pounds(Math.min(SchemeRules.SEISS_MAX_PROFIT / 100.0, profit));
    }
  }

  private void company(long k, Rng draw, Claimant into) {
    into.companyNumber.clear().digits(100_000 + companies.apply(k), 8);
    into.companyName
        .clear()
        .append(into.familyName)
        .append(' ')
        .append(UkData.TRADES[draw.nextInt(UkData.TRADES.length)])
        .append(draw.chance(0.8) ? " Ltd" : " Limited");
    if (into.plan.role == Plans.Role.INCORPORATED_AFTER_CUTOFF) {
      into.incorporatedOn = SchemeRules.CUTOFF + draw.between(1, 28);
    } else {
      double yearsBack = -Math.log(1 - draw.nextDouble()) * 6.0;
      into.incorporatedOn =
          Math.max(EARLIEST_INCORPORATION, LATEST_INCORPORATION - (int) (yearsBack * 365.25));
    }
    long reference = payeReferences.apply(k);
    into.employerReference
        .clear()
        .digits(100 + Math.floorMod(Rng.mix(k ^ deviceKey), 900L), 3)
        .append('/')
        .append((char) ('A' + reference / 100_000 / 26))
        .append((char) ('A' + reference / 100_000 % 26))
        .digits(reference % 100_000, 5);
    into.monthlyWage = pounds(Math.min(9_000, Math.max(900, draw.logNormal(2_100, 0.35))));
    into.furloughShare = 0.25 + 0.75 * draw.nextDouble();
    into.turnover = pounds(Math.min(5_000_000, Math.max(8_000, draw.logNormal(180_000, 1.0))));
  }

  /** Ages 18 to 85, most between 30 and 60. */
  private static int age(Rng draw) {
    return Math.max(18, Math.min(85, (int) Math.round(45 + 12 * draw.gaussian())));
  }

  private static byte[] pickName(Rng draw, boolean female) {
    byte[][] names = female ? UkData.FEMALE_NAMES : UkData.MALE_NAMES;
    return names[draw.nextInt(names.length)];
  }

  private static byte[] emailName(byte[] given, boolean female) {
    byte[][] names = female ? UkData.FEMALE_NAMES : UkData.MALE_NAMES;
    byte[][] parts = female ? UkData.FEMALE_EMAIL : UkData.MALE_EMAIL;
    return parts[indexOf(names, given)];
  }

  private static int indexOf(byte[][] values, byte[] value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    throw new IllegalStateException("not a list value");
  }

  private static void postcode(Rng draw, Ascii into) {
    into.clear()
        .append(UkData.OUTWARD_CODES[draw.nextInt(UkData.OUTWARD_CODES.length)])
        .append(' ')
        .digits(draw.nextInt(10), 1)
        .append((char) UkData.UNIT_LETTERS[draw.nextInt(UkData.UNIT_LETTERS.length)])
        .append((char) UkData.UNIT_LETTERS[draw.nextInt(UkData.UNIT_LETTERS.length)]);
  }

  private static void sortCode(Rng draw, Ascii into) {
    String prefix = UkData.SORT_CODE_PREFIXES[draw.pick(UkData.SORT_CODE_WEIGHTS)];
    into.clear().append(prefix).digits(draw.nextInt(10_000), 6 - prefix.length());
  }

  private static void ipAddress(Rng draw, int[] firstOctets, Ascii into) {
    into.clear()
        .number(firstOctets[draw.nextInt(firstOctets.length)])
        .append('.')
        .number(draw.nextInt(256))
        .append('.')
        .number(draw.nextInt(256))
        .append('.')
        .number(1 + draw.nextInt(254));
  }

  private static long pounds(double value) {
    return Math.round(value) * 100;
  }
}
