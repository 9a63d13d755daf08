package io.insightmesh.products.claims.generate;

/**
 * Why a deliberately bad landing record is bad, as {@code bad_record} in the ground truth. A
 * pipeline must reject each with a reason naming the field ({@code bad_field}).
 *
 * <p>Avro landing files carry the contract's types, which cannot hold a missing required field, an
 * unparseable date or an unknown scheme; with {@code --format avro} bad records use only the
 * defects Avro can carry: {@link #MALFORMED_NINO}, {@link #NEGATIVE_AMOUNT}, {@link
 * #MALFORMED_POSTCODE} and {@link #MALFORMED_SORT_CODE}.
 */
public enum Defect {
  /** The NINO breaks the contract's pattern (bad prefix, suffix or length). */
  MALFORMED_NINO(true),
  /** A required field is absent from the record. */
  MISSING_REQUIRED_FIELD(false),
  /** amount_claimed is below zero. */
  NEGATIVE_AMOUNT(true),
  /** submitted_at or date_of_birth is not a valid ISO-8601 value. */
  UNPARSEABLE_DATE(false),
  /** scheme is not one of SEISS, CJRS, SSP_REBATE, BBL. */
  UNKNOWN_SCHEME(false),
  /** The postcode breaks the contract's pattern. */
  MALFORMED_POSTCODE(true),
  /** The sort code is not 6 digits. */
  MALFORMED_SORT_CODE(true);

  private final boolean avro;

  Defect(boolean avro) {
    this.avro = avro;
  }

  /** Whether an Avro landing file, typed by the contract, can carry this defect. */
  public boolean fitsAvro() {
    return avro;
  }
}
