package io.insightmesh.catalog.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryTextsTest {
  @Test
  void literalsAndNumbersGoNamesStay() {
    assertThat(
            QueryTexts.redactSql(
                "SELECT claim_id FROM mesh.claims.claims_v1 WHERE nino = 'AB123456C'"
                    + " AND amount_claimed > 2500.50 AND name = 'O''Brien'"))
        .isEqualTo(
            "SELECT claim_id FROM mesh.claims.claims_v1 WHERE nino = '?'"
                + " AND amount_claimed > ? AND name = '?'");
  }

  /** Trino's cast errors and the like quote the value without quotes. */
  @Test
  void errorMessagesLoseValuesOfPersonalShapesQuotedOrNot() {
    assertThat(QueryTexts.redactMessage("Value cannot be cast to date: 12/05/1980"))
        .isEqualTo("Value cannot be cast to date: ?");
    assertThat(
            QueryTexts.redactMessage(
                "Invalid nino AB123456C (or AB 12 34 56 C) at SW1A 1AA, sort code 11-22-33,"
                    + " from 192.168.1.20 or 2001:db8::1, mail jane.smith@example.com"))
        .isEqualTo("Invalid nino ? (or ?) at ?, sort code ?, from ? or ?, mail ?");
    assertThat(
            QueryTexts.redactMessage(
                "line 1:8: Table 'mesh.claims.claims_v1' does not exist; column nino of type"
                    + " varchar(9) at io.trino.Foo.bar(Foo.java:123); release 1.1.0+2 of"
                    + " claims.claims at 08:00:00 on 1980-05-12"))
        .isEqualTo(
            "line 1:8: Table '?' does not exist; column nino of type varchar(9) at"
                + " io.trino.Foo.bar(Foo.java:123); release 1.1.0+2 of claims.claims at 08:00:00"
                + " on ?");
    assertThat(
            QueryTexts.redactMessage(
                "Spark 3.5.10 and Scala 2.13.16 at 100000 rows, query 20310501_080000_00002_abcde,"
                    + " born 12.05.1980"))
        .isEqualTo("Spark 3.5.10 and Scala 2.13.16 at ? rows, query ?_?_?_abcde, born ?");
  }

  /** A long token with no @ in it is read once, not once from each of its characters. */
  @Test
  void aLongTokenIsRedactedInLinearTime() {
    String blob = "a".repeat(2_000_000);
    assertThat(QueryTexts.redactMessage(blob + " 12/05/1980 " + "1:".repeat(100_000)))
        .startsWith(blob + " ? ");
  }

  @Test
  void aStrayQuoteInACommentOrANameDoesNotUncoverLaterLiterals() {
    // Each of these left the NINO in the clear when a pattern paired the quotes.
    assertThat(QueryTexts.redactSql("SELECT * FROM claims -- don't use\nWHERE nino = 'QQ123456C'"))
        .isEqualTo("SELECT * FROM claims --?\nWHERE nino = '?'");
    assertThat(
            QueryTexts.redactSql(
                "SELECT count(*) AS \"analyst's count\" FROM claims WHERE nino='QQ123456C'"))
        .isEqualTo("SELECT count(*) AS \"?\" FROM claims WHERE nino='?'");
    assertThat(
            QueryTexts.redactSql(
                "SELECT * FROM claims /* Mrs O'Brien's */ WHERE postcode = 'SW1A 1AA'"))
        .isEqualTo("SELECT * FROM claims /*?*/ WHERE postcode = '?'");
    assertThat(QueryTexts.redactSql("SELECT `analyst's`, x FROM claims WHERE nino = 'QQ123456C'"))
        .isEqualTo("SELECT `analyst's`, x FROM claims WHERE nino = '?'");
  }

  @Test
  void eitherEscapeRuleHidesTheValues() {
    // Spark: a backslash escapes the quote. Trino: it is a character, and the string ends there.
    assertThat(QueryTexts.redactSql("SELECT * FROM t WHERE name = 'O\\'Brien' AND pc = 'SW1A 1AA'"))
        .doesNotContain("Brien")
        .doesNotContain("SW1A");
    assertThat(
            QueryTexts.redactSql(
                "SELECT * FROM t WHERE path = 'C:\\' AND nino = 'QQ123456C' AND x = 1"))
        .doesNotContain("QQ123456C");
    // Spark reads double quotes as a string.
    assertThat(QueryTexts.redactSql("SELECT * FROM t WHERE nino = \"QQ123456C\""))
        .isEqualTo("SELECT * FROM t WHERE nino = \"?\"");
  }

  @Test
  void anUnterminatedLiteralOrCommentHidesTheRest() {
    assertThat(QueryTexts.redactSql("SELECT * FROM t WHERE nino = 'QQ123456C"))
        .isEqualTo("SELECT * FROM t WHERE nino = '?'");
    assertThat(QueryTexts.redactSql("SELECT 1 /* QQ123456C")).isEqualTo("SELECT ? /*?*/");
  }
}
