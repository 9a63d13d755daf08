package io.insightmesh.decisions.search;

import static io.insightmesh.decisions.search.IndexedClaims.accepted;
import static io.insightmesh.decisions.search.IndexedClaims.claim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.claims.Claim;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ClaimIndexTest {
  private final ClaimIndex index = new ClaimIndex();

  private Claim add(Claim claim) {
    assertThat(index.add(accepted(claim))).isTrue();
    return claim;
  }

  private List<String> claimIds(IndexPage page) {
    return page.hits().stream().map(hit -> hit.record().claim().getClaimId()).toList();
  }

  private List<String> names(IndexPage page) {
    return page.hits().stream().map(hit -> hit.record().claim().getName()).toList();
  }

  @Test
  void exactCriteriaFindTheClaimsCarryingTheValueHoweverItIsWritten() {
    Claim ada =
        add(
            claim("C1", "Ada Lovelace")
                .setNino("AB123456C")
                .setBankSortCode("11-22-33")
                .setBankAccountNumber("12345678")
                .setPostcode("SW1A 1AA")
                .setDeviceId("dev-1")
                .build());
    add(
        claim("C2", "Grace Hopper")
            .setNino("CE654321A")
            .setBankSortCode("445566")
            .setBankAccountNumber("87654321")
            .setPostcode("EH1 1YZ")
            .build());

    assertThat(claimIds(find(Criterion.CLAIM_ID, ada.getClaimId().toUpperCase())))
        .containsExactly(ada.getClaimId());
    assertThat(claimIds(find(Criterion.NINO, "ab 12 34 56 c"))).containsExactly(ada.getClaimId());
    assertThat(claimIds(find(Criterion.BANK_ACCOUNT, "112233-12345678")))
        .containsExactly(ada.getClaimId());
    assertThat(claimIds(find(Criterion.BANK_ACCOUNT, "11-22-33-12345678")))
        .containsExactly(ada.getClaimId());
    assertThat(claimIds(find(Criterion.POSTCODE, "sw1a1aa"))).containsExactly(ada.getClaimId());
    assertThat(claimIds(find(Criterion.DEVICE, "dev-1"))).containsExactly(ada.getClaimId());
    assertThat(find(Criterion.DEVICE, "dev-2").hits()).isEmpty();
    assertThat(find(Criterion.NINO, "ZZ999999D").hits()).isEmpty();
  }

  @Test
  void aClaimIdIsIndexedOnceAndItsDecisionComesBack() {
    Claim claim = add(claim("C1", "Ada Lovelace").build());
    assertThat(index.add(accepted(claim))).isFalse();
    assertThat(index.size()).isEqualTo(1);
    Hit hit = find(Criterion.CLAIM_ID, claim.getClaimId()).hits().get(0);
    assertThat(hit.record().claim()).isEqualTo(claim);
    assertThat(hit.record().decision().getDecision().name()).isEqualTo("ACCEPT");
    assertThat(hit.similarity()).isEmpty();
  }

  @Test
  void pagesFollowFeedOrderAndEndWithoutACursor() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(add(claim("C" + i, "Person " + i).build()).getClaimId());
    }
    IndexPage first = index.find(Criterion.NINO, "AB123456C", 0, 2);
    assertThat(claimIds(first)).containsExactly(ids.get(0), ids.get(1));
    assertThat(first.next()).hasValue(2);
    IndexPage last = index.find(Criterion.NINO, "AB123456C", 4, 2);
    assertThat(claimIds(last)).containsExactly(ids.get(4));
    assertThat(last.next()).isEmpty();
  }

  @Test
  void aValueOfThousandsOfClaimsPagesThroughAllOfThemInFeedOrder() {
    // Thousands of claims share the default NINO, bank account and postcode: their postings span
    // many storage blocks, and pages of an odd size start and end anywhere within them.
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 9_000; i++) {
      ids.add(add(claim("C" + (i % 3), "Person " + i).build()).getClaimId());
    }
    List<String> paged = new ArrayList<>();
    int offset = 0;
    while (true) {
      IndexPage page = index.find(Criterion.NINO, "AB123456C", offset, 997);
      paged.addAll(claimIds(page));
      if (page.next().isEmpty()) {
        break;
      }
      offset = page.next().getAsInt();
    }
    assertThat(paged).isEqualTo(ids);
    assertThat(claimIds(index.find(Criterion.POSTCODE, "SW1A1AA", 8_999, 5)))
        .containsExactly(ids.get(8_999));
    assertThat(index.links("C0", 10))
        .containsExactly(
            new Link("C1", LinkVia.BANK_ACCOUNT, 3_000),
            new Link("C1", LinkVia.POSTCODE, 3_000),
            new Link("C2", LinkVia.BANK_ACCOUNT, 3_000),
            new Link("C2", LinkVia.POSTCODE, 3_000));
  }

  @Test
  void claimantIdsBeyondAsciiAreLinkedAndShownAsWritten() {
    add(
        claim("Zoë-1", "Zoe")
            .setBankAccountNumber("11111111")
            .setDeviceId("d-9")
            .setPostcode("EH1 1YZ")
            .build());
    add(
        claim("Łukasz", "Lukasz")
            .setBankAccountNumber("22222222")
            .setDeviceId("d-9")
            .setPostcode("EH2 2YZ")
            .build());
    // Its ASCII look-alike is another claimant, linked to neither.
    add(
        claim("Zoe-1", "Zoe")
            .setBankAccountNumber("33333333")
            .setDeviceId("d-8")
            .setPostcode("EH3 3YZ")
            .build());

    assertThat(index.links("Zoë-1", 10)).containsExactly(new Link("Łukasz", LinkVia.DEVICE, 1));
    assertThat(index.links("Łukasz", 10)).containsExactly(new Link("Zoë-1", LinkVia.DEVICE, 1));
  }

  @Test
  void fuzzyNamesTolerateTyposAndCaseWithTheClosestFirst() {
    add(claim("C1", "Jonathan Smith").build());
    add(claim("C2", "Jonathon Smyth").build());
    add(claim("C3", "Joanna Smithers").build());
    add(claim("C4", "Mary Jones").build());
    add(claim("C5", "Smith, Jonathan").build());
    add(claim("C6", "Seán O'Brien").build());

    // Two typos (a transposition and a substitution) and odd case still find the name, first.
    IndexPage page = find(Criterion.NAME, "JONATAHN SMITT");
    assertThat(names(page).get(0)).isEqualTo("Jonathan Smith");
    assertThat(names(page)).doesNotContain("Mary Jones");

    // The exact normalised name ranks first at similarity 1; reordered words come right after.
    IndexPage exact = find(Criterion.NAME, "jonathan   SMITH");
    assertThat(names(exact).subList(0, 2)).containsExactly("Jonathan Smith", "Smith, Jonathan");
    assertThat(exact.hits().get(0).similarity()).hasValue(1.0);
    assertThat(exact.hits().get(1).similarity().getAsDouble()).isLessThan(1.0);
    assertThat(names(exact)).contains("Jonathon Smyth").doesNotContain("Mary Jones");

    // Accents and punctuation do not matter.
    assertThat(names(find(Criterion.NAME, "sean obrien"))).containsExactly("Seán O'Brien");
  }

  @Test
  void claimantsSharingABankAccountDeviceOrPostcodeAreLinkedStrongestFirst() {
    // C1 shares one bank account with C2 (two claims) and C3 (one), a device with C4.
    add(claim("C1", "Ada").setBankAccountNumber("11111111").setDeviceId("d-1").build());
    add(claim("C2", "Bob").setBankAccountNumber("11111111").setPostcode("EH1 1YZ").build());
    add(claim("C2", "Bob").setBankAccountNumber("11111111").setPostcode("EH1 1YZ").build());
    add(claim("C3", "Cy").setBankAccountNumber("11111111").setPostcode("EH2 2YZ").build());
    add(
        claim("C4", "Di")
            .setBankAccountNumber("22222222")
            .setPostcode("EH3 3YZ")
            .setDeviceId("d-1")
            .build());
    add(claim("C5", "Ed").setBankAccountNumber("33333333").setPostcode("EH4 4YZ").build());

    List<Link> links = index.links("C1", 10);

    assertThat(links)
        .containsExactly(
            new Link("C2", LinkVia.BANK_ACCOUNT, 2),
            new Link("C3", LinkVia.BANK_ACCOUNT, 1),
            new Link("C4", LinkVia.DEVICE, 1));
    assertThat(index.links("C1", 1)).containsExactly(new Link("C2", LinkVia.BANK_ACCOUNT, 2));
    assertThat(index.links("C5", 10)).isEmpty();
    assertThat(index.links("nobody", 10)).isEmpty();
    // The default fixture's postcode links C1 to nobody else here: the others moved house.
    assertThat(index.links("C2", 10)).extracting(Link::claimantId).containsExactly("C1", "C3");
  }

  @Test
  void namesAreBoundedSoAHugeNameCostsNoMoreThanALongOne() {
    String huge = "a".repeat(200) + " Lovelace";
    add(claim("C1", huge).build());
    assertThat(Names.normalise(huge)).hasSize(Names.MAX_LENGTH);
    assertThat(Names.trigrams(Names.normalise(huge)).length)
        .isLessThanOrEqualTo(Names.MAX_LENGTH + 2);
    // Matched on its first 64 characters.
    assertThat(find(Criterion.NAME, "a".repeat(64)).hits()).hasSize(1);
  }

  @Test
  void nameMatchesAreCappedAndPaged() {
    for (int i = 0; i < ClaimIndex.MAX_NAME_MATCHES + 20; i++) {
      // Distinct names: "Smith a" ... "Smith zz", all close enough to "smith" to match.
      add(claim("C" + i, "Smith " + letters(i)).build());
    }
    int total = 0;
    int offset = 0;
    while (true) {
      IndexPage page = index.find(Criterion.NAME, "smith", offset, 100);
      total += page.hits().size();
      if (page.next().isEmpty()) {
        break;
      }
      offset = page.next().getAsInt();
    }
    assertThat(total).isEqualTo(ClaimIndex.MAX_NAME_MATCHES);
  }

  private static String letters(int n) {
    String text = "";
    do {
      text = (char) ('a' + n % 26) + text;
      n = n / 26 - 1;
    } while (n >= 0);
    return text;
  }

  @Test
  void damerauLevenshteinCountsATranspositionAsOneEditAndStopsAtItsBound() {
    assertThat(Names.distance("jonathan", "jonathan", 2)).isZero();
    assertThat(Names.distance("jonathan", "jonatahn", 2)).isEqualTo(1);
    assertThat(Names.distance("smith", "smyth", 2)).isEqualTo(1);
    assertThat(Names.distance("smith", "smithers", 2)).isEqualTo(3);
    assertThat(Names.distance("abc", "xyz", 2)).isEqualTo(3);
  }

  @Test
  void badPagingIsRefused() {
    assertThatThrownBy(() -> index.find(Criterion.NINO, "AB123456C", -1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset must be >= 0 and limit >= 1");
  }

  @Test
  void readersAndWritersRunConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    index.add(accepted(claim("T" + thread, "Name " + i).build()));
                    index.find(Criterion.NAME, "name " + i, 0, 5);
                    index.links("T" + thread, 5);
                  }
                }));
      }
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(index.size()).isEqualTo(2000);
    assertThat(index.find(Criterion.NINO, "AB123456C", 0, 100).next()).hasValue(100);
  }

  @Test
  void aDecisionToldBeforeASearchIsFoundByItThoughNothingIndexedItYet() {
    Claim ada = claim("C1", "Ada Lovelace").setDeviceId("dev-1").build();
    index.decided(accepted(ada));
    // Queued only: the answer went out without indexing.
    assertThat(index.told()).isEqualTo(1);

    assertThat(claimIds(find(Criterion.DEVICE, "dev-1"))).containsExactly(ada.getClaimId());
    assertThat(index.told()).isZero();
    assertThat(index.contains(ada.getClaimId())).isTrue();
    // The search indexed it, not the thread that decided it.
    assertThat(index.indexedByDeciders()).isZero();
  }

  @Test
  void aDecisionToldAgainAfterItWasIndexedChangesNothing() {
    Claim ada = add(claim("C1", "Ada Lovelace").build());
    index.decided(accepted(ada));
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.add(accepted(ada))).isFalse();
  }

  @Test
  void withNobodyIndexingAtMostABatchOfDecisionsWaits() {
    int claims = ClaimIndex.MAX_TOLD * 3 + 7;
    for (int i = 0; i < claims; i++) {
      index.decided(accepted(claim("T" + i, "Name " + i).build()));
      assertThat(index.told()).isLessThanOrEqualTo(ClaimIndex.MAX_TOLD);
    }
    // Whatever no longer waits, the deciding thread indexed: the metric says what answers paid.
    assertThat(index.indexedByDeciders())
        .isEqualTo(claims - index.told())
        .isGreaterThanOrEqualTo(claims - ClaimIndex.MAX_TOLD);
    assertThat(index.size()).isEqualTo(claims);
    // Feed order is kept: the first told is the first of the page.
    assertThat(
            index.find(Criterion.NINO, "AB123456C", 0, 1).hits().get(0).record().claim().getName())
        .isEqualTo("Name 0");
  }

  @Test
  void backgroundIndexingAndSearchesSeeEveryDecisionToldBeforeThem() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicBoolean deciding = new AtomicBoolean(true);
    try {
      Future<?> background =
          pool.submit(
              () -> {
                while (deciding.get()) {
                  index.indexTold();
                }
              });
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 700; i++) {
                    Claim told = claim("T" + thread, "Name " + i).build();
                    index.decided(accepted(told));
                    // Read-your-writes: what this thread told is there for its next search.
                    assertThat(index.contains(told.getClaimId())).isTrue();
                  }
                }));
      }
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
      deciding.set(false);
      background.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(index.size()).isEqualTo(2100);
    assertThat(index.told()).isZero();
  }

  private IndexPage find(Criterion criterion, String value) {
    return index.find(criterion, criterion.parse(value), 0, 100);
  }
}
