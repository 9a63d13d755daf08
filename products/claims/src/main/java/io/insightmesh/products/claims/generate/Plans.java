package io.insightmesh.products.claims.generate;

import io.insightmesh.contracts.claims.Scheme;

/**
 * Who claimant {@code k} is and which claims they make, as a pure function of (seed, k): the part
 * of the population model the chunk planner needs to count records before anything is written.
 *
 * <p>Claimants come in groups of 1,000. Inside a group a seeded permutation gives each claimant a
 * <em>band</em> in [0, 1000), and the band fixes its role: exactly 8 per thousand are candidates
 * for a shared-bank-account ring, 12 for a device/IP burst, 6 impostors reusing an identity, and so
 * on (see {@link Role}). Four groups make a <em>block</em> of 4,000 claimants holding one ring (5
 * to 30 of its 32 candidates) and one burst (20 to 45 of its 48). A claimant's number of claims
 * never depends on whether its ring turns out to be active, so counting is exact.
 *
 * <p>Not thread-safe (it reuses one random stream): one instance per worker.
 */
final class Plans {
  static final int GROUP = 1_000;
  static final int GROUPS_PER_BLOCK = 4;
  static final int BLOCK = GROUP * GROUPS_PER_BLOCK;

  static final int RING_CANDIDATES = 8;
  static final int BURST_CANDIDATES = 12;
  static final int RING_MIN = 5;
  static final int RING_MAX = 30;
  static final int BURST_MIN = 20;
  static final int BURST_MAX = 45;

  // Purposes of the random streams, one per kind of decision.
  static final long BANDS = 1;
  static final long PLAN = 2;
  static final long RING = 3;
  static final long BURST = 4;

  /** A claimant's part in the story; bands are per thousand. */
  enum Role {
    /** band [0, 8): candidate member of its block's shared-bank-account ring. */
    RING(8),
    /** band [8, 20): candidate member of its block's device/IP burst; one claim. */
    BURST(20),
    /** band [20, 28): claims CJRS or BBL under a SEISS claimant's NINO. */
    IDENTITY_REUSE(28),
    /** band [28, 40): one claim over its scheme's cap. */
    OVER_CAP(40),
    /** band [40, 48): a company incorporated after the cut-off, claiming CJRS or BBL. */
    INCORPORATED_AFTER_CUTOFF(48),
    /** band [48, 54): claims SEISS under the identity of someone already dead. */
    DECEASED(54),
    /** band [54, 66): submits its first claim twice. */
    DUPLICATE(66),
    /** band [66, 68): legitimate; dies after claiming, so is on the register (not fraud). */
    DIES_AFTER_CLAIMING(68),
    /** band [68, 200): legitimate; its NINO may be reused by an impostor; never a bad record. */
    VICTIM_POOL(200),
    /** band [200, 1000): legitimate; may be corrupted into a bad record. */
    ORDINARY(1000);

    final int bandEnd;

    Role(int bandEnd) {
      this.bandEnd = bandEnd;
    }
  }

  /** What a claimant is. */
  enum Kind {
    /** A self-employed person: SEISS, sometimes a bounce-back loan as a sole trader. */
    INDIVIDUAL,
    /** A company with staff on PAYE: CJRS rounds, sometimes SSP rebates and a loan. */
    EMPLOYER,
    /** A company without staff: a bounce-back loan. */
    COMPANY
  }

  /** How a burst hides: one device, one IP address, or both. */
  enum BurstKind {
    DEVICE,
    IP,
    DEVICE_AND_IP
  }

  /** A claimant's plan; mutable and reused, filled by {@link #plan}. */
  static final class Plan {
    long claimant;
    Role role;
    Kind kind;
    boolean seiss;
    int cjrsRounds;
    int sspClaims;
    boolean bbl;
    boolean duplicate;

    /** Employees on the PAYE payroll in February 2020 (employers only). */
    int employees;

    /** Landing records: one per claim, one more for a duplicate submission. */
    int records() {
      return (seiss ? 1 : 0) + cjrsRounds + sspClaims + (bbl ? 1 : 0) + (duplicate ? 1 : 0);
    }
  }

  private static final Role[] BY_BAND = new Role[GROUP];

  static {
    int band = 0;
    for (Role role : Role.values()) {
      while (band < role.bandEnd) {
        BY_BAND[band++] = role;
      }
    }
  }

  private static final double[] KINDS = Rng.cumulative(62, 30, 8);
  private static final double[] CJRS_ROUNDS = Rng.cumulative(15, 20, 30, 35);

  private final long seed;
  private final Rng rng = Rng.of(0, 0, 0);

  Plans(long seed) {
    this.seed = seed;
  }

  long seed() {
    return seed;
  }

  /** The claimant's band in [0, 1000): a seeded permutation of its position in its group. */
  int band(long claimant) {
    long group = claimant / GROUP;
    int offset = (int) Math.floorMod(Rng.key(seed, BANDS, group), (long) GROUP);
    // 389 is coprime to 1000, so positions map one-to-one onto bands.
    return (int) ((claimant % GROUP * 389 + offset) % GROUP);
  }

  Role role(long claimant) {
    return BY_BAND[band(claimant)];
  }

  static long block(long claimant) {
    return claimant / BLOCK;
  }

  /** Position of a ring candidate among its block's 32 candidates. */
  int ringOrdinal(long claimant) {
    return (int) (claimant / GROUP % GROUPS_PER_BLOCK) * RING_CANDIDATES + band(claimant);
  }

  /** Position of a burst candidate among its block's 48 candidates. */
  int burstOrdinal(long claimant) {
    return (int) (claimant / GROUP % GROUPS_PER_BLOCK) * BURST_CANDIDATES
        + band(claimant)
        - Role.RING.bandEnd;
  }

  int ringSize(long block) {
    return RING_MIN + (int) Math.floorMod(Rng.key(seed, RING, block), RING_MAX - RING_MIN + 1L);
  }

  int burstSize(long block) {
    return BURST_MIN + (int) Math.floorMod(Rng.key(seed, BURST, block), BURST_MAX - BURST_MIN + 1L);
  }

  /** The scheme a block's burst attacks: SEISS with stolen identities, or bounce-back loans. */
  Scheme burstScheme(long block) {
    return Math.floorMod(Rng.key(seed, BURST, block) >>> 8, 10L) < 7 ? Scheme.SEISS : Scheme.BBL;
  }

  BurstKind burstKind(long block) {
    return BurstKind.values()[(int) Math.floorMod(Rng.key(seed, BURST, block) >>> 16, 3L)];
  }

  /** Fills {@code plan} for claimant k. */
  Plan plan(long claimant, Plan plan) {
    Rng draw = rng.reset(seed, PLAN, claimant);
    plan.claimant = claimant;
    plan.role = role(claimant);
    plan.seiss = false;
    plan.cjrsRounds = 0;
    plan.sspClaims = 0;
    plan.bbl = false;
    plan.duplicate = plan.role == Role.DUPLICATE;
    plan.employees = 0;
    switch (plan.role) {
      case BURST -> {
        boolean seiss = burstScheme(block(claimant)) == Scheme.SEISS;
        plan.kind = seiss ? Kind.INDIVIDUAL : Kind.COMPANY;
        plan.seiss = seiss;
        plan.bbl = !seiss;
      }
      case IDENTITY_REUSE, INCORPORATED_AFTER_CUTOFF -> {
        if (draw.chance(0.5)) {
          plan.kind = Kind.EMPLOYER;
          plan.employees = employees(draw);
          plan.cjrsRounds = draw.between(1, 3);
        } else {
          plan.kind = Kind.COMPANY;
          plan.bbl = true;
        }
      }
      case DECEASED -> {
        plan.kind = Kind.INDIVIDUAL;
        plan.seiss = true;
      }
      case DIES_AFTER_CLAIMING -> ordinary(Kind.INDIVIDUAL, draw, plan);
      default -> ordinary(Kind.values()[draw.pick(KINDS)], draw, plan);
    }
    return plan;
  }

  private static void ordinary(Kind kind, Rng draw, Plan plan) {
    plan.kind = kind;
    switch (kind) {
      case INDIVIDUAL -> {
        plan.seiss = true;
        plan.bbl = draw.chance(0.12);
      }
      case EMPLOYER -> {
        plan.employees = employees(draw);
        plan.cjrsRounds = 1 + draw.pick(CJRS_ROUNDS);
        if (plan.employees <= SchemeRules.SSP_MAX_EMPLOYEES && draw.chance(0.25)) {
          plan.sspClaims = draw.chance(0.3) ? 2 : 1;
        }
        plan.bbl = draw.chance(0.35);
      }
      case COMPANY -> plan.bbl = true;
    }
  }

  /** Payroll size: mostly micro businesses, a long tail of large employers. */
  private static int employees(Rng draw) {
    double u = draw.nextDouble();
    double v = draw.nextDouble();
    if (u < 0.60) {
      return 1 + (int) (9 * v * v);
    } else if (u < 0.88) {
      return 10 + (int) (40 * v * v);
    } else if (u < 0.98) {
      return 50 + (int) (200 * v * v);
    }
    return (int) Math.round(250 * Math.pow(20, v));
  }
}
