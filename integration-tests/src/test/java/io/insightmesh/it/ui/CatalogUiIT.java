package io.insightmesh.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.EngineServer;
import io.insightmesh.it.harness.Engines;
import io.insightmesh.it.harness.Stores;
import io.insightmesh.products.claims.generate.ClaimsGenerator;
import io.insightmesh.products.claims.generate.GeneratorSettings;
import io.insightmesh.products.claims.generate.ProgressListener;
import io.insightmesh.sdk.demo.DemoProducts;
import io.insightmesh.sdk.publish.CatalogConnection;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The catalog UI in a real headless Chromium, against the packaged catalog and scoring engine with
 * the three products published by their own pipelines: sign in → search → product page → lineage →
 * case-worker search, as an analyst and as a case worker, by keyboard where a user would. With
 * {@code -Dmesh.ui.screenshots=docs/ui} the pages are saved there as PNGs for the guide.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogUiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RELEASE = "1.0.0+ui-it";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private CatalogServer catalog;
  private EngineServer engine;
  private ChromeDriver browser;
  private WebDriverWait wait;
  private Path screenshots;
  private final Set<String> decided = new HashSet<>();
  private JsonNode sharedAccountClaim;
  private Set<String> sharedAccountClaimants;

  @BeforeAll
  void publishTheProductsAndOpenABrowser() throws IOException {
    catalog = Engines.catalog();
    SparkSession spark = Engines.spark();
    Path work = Path.of(System.getProperty("mesh.test.work-dir", "target/it-work"));
    Path generated = Files.createDirectories(work).resolve("ui-it-" + UUID.randomUUID());
    new ClaimsGenerator(GeneratorSettings.of(8_000, 29, generated))
        .generate(ProgressListener.none());
    CatalogConnection riskTeam = connection("risk-team");
    new DemoProducts(spark, catalog.uri(), catalog::secret, line -> {}).publish(generated, RELEASE);

    engine =
        EngineServer.start(
            "ui",
            catalog,
            Map.of(
                "mesh.engine.profile-release",
                RELEASE,
                "mesh.engine.commit-interval",
                "PT0.5S",
                "mesh.engine.release-interval",
                "PT2S"),
            Stores.uiEnginePort());
    engine.awaitProfileRelease(RELEASE, EngineServer.START_PATIENCE);
    riskTeam.register(spark, "ui_risk");
    long before = decisionRows(spark);
    String token = catalog.token("claims-team");
    // The bank account the most claimants share: the generator's mule rings are complete from
    // about 7,500 claims on, hence 8,000.
    Map<String, Set<String>> claimantsByAccount = new HashMap<>();
    Map<String, JsonNode> claimByAccount = new HashMap<>();
    for (String line : landingLines(generated)) {
      HttpResponse<String> response = engine.post("/api/v1/assessments", line, token);
      if (response.statusCode() != 200) {
        continue;
      }
      JsonNode claim = JSON.readTree(line);
      // A duplicate submission is answered with the decision already made, not a new one.
      decided.add(claim.get("claim_id").asText());
      String account = account(claim);
      claimantsByAccount
          .computeIfAbsent(account, key -> new HashSet<>())
          .add(claim.get("claimant_id").asText());
      claimByAccount.putIfAbsent(account, claim);
    }
    String shared =
        claimantsByAccount.entrySet().stream()
            .max(Comparator.comparingInt(entry -> entry.getValue().size()))
            .orElseThrow()
            .getKey();
    assertThat(claimantsByAccount.get(shared))
        .as("claimants sharing one account")
        .hasSizeGreaterThan(1);
    sharedAccountClaim = claimByAccount.get(shared);
    sharedAccountClaimants = claimantsByAccount.get(shared);
    Awaitility.await("decisions committed")
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> decisionRows(spark) >= before + decided.size());

    // The engine releases what it committed itself: data-only releases with quality and lineage.
    long committed = decisionRows(spark);
    // The releaser runs at nice 19: on a loaded machine a release takes minutes.
    Awaitility.await("decisions released")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                JSON.readTree(
                            io.insightmesh.it.harness.CatalogClients.send(
                                    catalog,
                                    "GET",
                                    "/api/v1/products/risk.decisions/releases?pageSize=1",
                                    null,
                                    catalog.token("analyst"))
                                .body())
                        .path("releases")
                        .path(0)
                        .path("rowCount")
                        .asLong()
                    >= committed);

    screenshots = screenshotDirectory();
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1300",
        "--lang=en-GB");
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, PATIENCE);
    // Pages re-render as their data arrives; an element seen a moment ago may be gone.
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.quit();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  @Order(1)
  void aWrongSecretIsRefusedAndTheRightOneSignsInByKeyboardAlone() {
    browser.get(catalog.uri().toString());
    WebElement principal = visible(By.id("principal"));
    assertThat(focused().getAttribute("id")).isEqualTo("principal");
    principal.sendKeys("analyst", Keys.TAB);
    assertThat(focused().getAttribute("id")).isEqualTo("secret");
    save("sign-in");
    focused().sendKeys("not-the-secret", Keys.ENTER);
    assertThat(visible(By.cssSelector(".signin .error")).getText()).contains("Sign-in failed");
    assertThat(browser.getCurrentUrl()).doesNotContain("secret").doesNotContain("token");

    signIn("analyst");
    assertThat(visible(By.id("who-name")).getText()).isEqualTo("Signed in as analyst (analyst)");
    assertThat(browser.getCurrentUrl()).doesNotContain("access_token");
    // What an analyst sees follows the role: case work is not offered.
    assertThat(browser.findElement(By.cssSelector("#nav a[data-nav=cases]")).isDisplayed())
        .isFalse();
  }

  @Test
  @Order(2)
  void searchFindsTheThreeProductsByFieldNameAndNarrowsThemByFacet() {
    browser.get(catalog.uri() + "/#/search");
    WebElement box = visible(By.id("q"));
    wait.until(d -> resultIds().containsAll(List.of("claims.claims", "risk.decisions")));
    assertThat(resultIds())
        .contains("claims.claims", "profiles.claimant_profiles", "risk.decisions");
    assertThat(focused().getAttribute("id")).isEqualTo("q");

    // A field name: only products with a nino field.
    box.sendKeys("nino", Keys.ENTER);
    wait.until(d -> !resultIds().contains("risk.decisions"));
    assertThat(resultIds()).contains("claims.claims").doesNotContain("risk.decisions");

    // The query is the words typed, however they read in an address.
    browser.get(catalog.uri() + "/#/search");
    // The unfiltered page drawn (the nino page's box would go stale under the keys).
    wait.until(d -> resultIds().contains("risk.decisions"));
    WebElement typed = visible(By.id("q"));
    typed.sendKeys("R&D c++", Keys.ENTER);
    // The page draws itself again from the address: the box is a new one.
    wait.until(ExpectedConditions.stalenessOf(typed));
    assertThat(visible(By.id("q")).getAttribute("value")).isEqualTo("R&D c++");

    browser.get(catalog.uri() + "/#/search");
    wait.until(d -> resultIds().contains("risk.decisions"));
    WebElement risk = browser.findElement(By.cssSelector("#facet-domain input[value=risk]"));
    risk.sendKeys(Keys.SPACE);
    wait.until(d -> resultIds().equals(List.of("risk.decisions")));
    // The page is drawn anew; the keyboard stays on the box just ticked, not its group's first.
    wait.until(d -> "risk".equals(focused().getAttribute("value")));
    WebElement card = browser.findElement(By.cssSelector("li[data-product='risk.decisions']"));
    assertThat(card.getText()).contains("No PII").contains("SLA");
    browser.get(catalog.uri() + "/#/search");
    wait.until(d -> resultIds().contains("profiles.claimant_profiles"));
    WebElement claims = browser.findElement(By.cssSelector("li[data-product='claims.claims']"));
    assertThat(claims.getText()).contains("PII").contains("SLA met").contains("#claims");
    // The SLA facet reads as the cards' badges do.
    assertThat(text("facet-sla")).contains("SLA met (").doesNotContainPattern("(?m)^met ");
    save("search");
  }

  @Test
  @Order(3)
  void theProductPageShowsOwnerSlaReleasesQualityAndMaskedSchema() {
    browser.get(catalog.uri() + "/#/search");
    wait.until(d -> resultIds().contains("claims.claims"));
    browser.findElement(By.linkText("claims.claims")).sendKeys(Keys.ENTER);
    WebElement title = visible(By.id("product-title"));
    assertThat(title.getText()).isEqualTo("claims.claims");
    // The page names the tab; main is no live region reading every page out whole.
    wait.until(d -> d.getTitle().equals("claims.claims · Insight Mesh catalog"));
    assertThat(browser.findElement(By.id("main")).getAttribute("aria-live")).isNull();
    assertThat(text("description")).contains("Every claim for emergency support");
    assertThat(text("owner")).isEqualTo("claims-team");
    assertThat(browser.findElement(By.linkText("claims-team@insight-mesh.example")).isDisplayed())
        .isTrue();
    assertThat(text("sla-status")).contains("SLA met").contains("last snapshot");

    WebElement release =
        browser.findElement(By.cssSelector("#releases tr[data-release='" + RELEASE + "']"));
    assertThat(release.getText()).contains("v" + RELEASE).contains("1.0.0");
    // Every rule of the release's report, each on its row: the page read another key and
    // showed 0 of 0.
    assertThat(text("quality"))
        .contains("Release " + RELEASE)
        .containsPattern("([1-9][0-9]*) of \\1 rules passed")
        .contains("unique(claim_id)");

    WebElement nino = browser.findElement(By.cssSelector("#schema tr[data-field=nino]"));
    assertThat(nino.getText()).contains("PII: nino").contains("partial").contains("masked for you");
    WebElement scheme = browser.findElement(By.cssSelector("#schema tr[data-field=scheme]"));
    assertThat(scheme.getText()).doesNotContain("PII");

    assertThat(text("sql-snippet"))
        .contains("SELECT * FROM mesh.claims.claims_v1")
        .contains("FOR VERSION AS OF 'v");
    // Trino takes users only over HTTPS, signed in with a token.
    assertThat(text("jdbc-snippet"))
        .contains("jdbc:trino://localhost:8443/mesh/claims")
        .contains("properties.setProperty(\"accessToken\", token);")
        .doesNotContain("\"user\"");
    save("product");
  }

  @Test
  @Order(4)
  void lineageShowsUpstreamAndConsumersAndColumnsOnDemand() {
    browser.get(catalog.uri() + "/#/products/claims.claims");
    wait.until(d -> !d.findElements(By.id("lineage-graph")).isEmpty());
    assertThat(text("downstream")).contains("publish.profiles.claimant_profiles");
    assertThat(text("usage")).contains("Consumers (from lineage)");
    // The profiles pipeline's runs read it; an analyst sees the counts, not who ran what.
    assertThat(text("usage-figures"))
        .containsPattern(
            "^[\\d,]+ reads? \\([\\d,]+ in the last 24 hours, [\\d,]+ in the last 30 days\\)"
                + " by [\\d,]+ consumers?, last \\d{4}-\\d\\d-\\d\\d")
        .doesNotContain("queries");
    assertThat(browser.findElements(By.id("usage-consumers"))).isEmpty();

    browser.get(catalog.uri() + "/#/products/risk.decisions");
    // The claims.claims page, lineage graph and all, stays until the new page's first answers
    // come; its title is set only once its lineage and consumers are drawn.
    wait.until(d -> d.getTitle().equals("risk.decisions · Insight Mesh catalog"));
    wait.until(d -> !d.findElements(By.id("lineage-graph")).isEmpty());
    assertThat(text("upstream")).contains("job");
    assertThat(
            browser.findElement(By.cssSelector("#lineage-graph svg")).getAttribute("textContent"))
        .contains("claims.claims")
        .contains("profiles.claimant_profiles")
        .contains("risk.decisions");
    // A group whose boxes a screen reader reaches and follows, not an image that hides its links.
    assertThat(browser.findElement(By.cssSelector("#lineage-graph svg")).getAriaRole())
        .isEqualTo("group");
    assertThat(browser.findElements(By.cssSelector("#lineage-graph svg a"))).isNotEmpty();
    WebElement columns = browser.findElement(By.id("show-columns"));
    columns.sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.attributeToBe(columns, "aria-expanded", "true"));
    assertThat(text("column-lineage")).contains("claims.claims.claim_id");
    scrollTo("lineage");
    save("lineage");
  }

  @Test
  @Order(5)
  void anAnalystIsNotShownCaseWork() {
    browser.get(catalog.uri() + "/#/cases");
    assertThat(visible(By.id("case-denied")).getText())
        .contains("needs the case-worker role")
        .contains("analyst");
    assertThat(browser.findElements(By.id("criterion"))).isEmpty();
  }

  @Test
  @Order(6)
  void aCaseWorkerFindsAClaimItsDecisionAndTheClaimantsLinkedByABankAccount() {
    browser.findElement(By.id("sign-out")).click();
    visible(By.id("principal"));
    signIn("case-worker");
    // A case worker does not read the product catalog: sign-in lands on case work.
    assertThat(visible(By.cssSelector("#nav a[data-nav=cases]")).getAttribute("aria-current"))
        .isEqualTo("page");
    visible(By.id("criterion"));
    assertThat(focused().getAttribute("id")).isEqualTo("criterion");
    focused().sendKeys("Bank", Keys.TAB);
    String account = account(sharedAccountClaim);
    focused().sendKeys(account, Keys.TAB);
    focused().sendKeys("case-ui-it", Keys.ENTER);
    String claimId = sharedAccountClaim.get("claim_id").asText();
    WebElement claim = visible(By.cssSelector("article[data-claim='" + claimId + "']"));
    // The engine's decision with its reasons, and the personal data a case worker may see.
    assertThat(claim.getText())
        .containsAnyOf("ACCEPT", "FLAG", "REJECT")
        .contains("Reasons")
        .contains(sharedAccountClaim.get("nino").asText());
    assertThat(text("case-count")).matches("\\d+ claims?");
    // The linked-entity view: every claimant on the account, linked through it.
    WebElement links = visible(By.cssSelector("table#links"));
    assertThat(links.getText()).contains("bank account");
    assertThat(sharedAccountClaimants).allSatisfy(id -> assertThat(links.getText()).contains(id));
    assertThat(browser.getCurrentUrl()).doesNotContain(account);
    save("case-worker");
  }

  @Test
  @Order(7)
  void theDashboardShowsTheHeadlineFigures() {
    browser.findElement(By.id("sign-out")).click();
    signIn("analyst");
    browser.get(catalog.uri() + "/#/dashboard");
    // The figures come from the engine through the catalog: a generous hang guard on a busy
    // machine, and what the page showed instead if they never come. The cards are redrawn every
    // ten seconds, so each look finds them afresh.
    String assessed =
        new WebDriverWait(browser, Duration.ofSeconds(90))
            .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
            .withMessage(
                () -> "the dashboard shows: " + browser.findElement(By.tagName("main")).getText())
            .until(
                d -> {
                  List<WebElement> found = d.findElements(By.cssSelector("#fig-assessed .figure"));
                  // Figures are shared for 5 s: a redraw shows every decision made before it.
                  return found.isEmpty()
                          || found.get(0).getText().equals("—")
                          || Long.parseLong(found.get(0).getText().replace(",", ""))
                              < decided.size()
                      ? null
                      : found.get(0).getText();
                });
    assertThat(Long.parseLong(assessed.replace(",", ""))).isGreaterThanOrEqualTo(decided.size());
    assertThat(text("fig-flagged")).contains("%");
    assertThat(text("fig-rejected")).contains("%");
    assertThat(text("fig-assessed-share")).contains("%").contains("claims.claims");
    // The case worker's search of the previous test is counted by the engine; the catalog shares
    // figures for 5 s and the page redraws every 10 s, so it shows by the next redraw or two.
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(NumberFormatException.class)
        .withMessage(() -> "searches shown: " + text("fig-searches"))
        .until(d -> Long.parseLong(text("fig-searches").lines().findFirst().orElseThrow()) > 0);
    wait.until(d -> !d.findElements(By.cssSelector("#usage-table tbody tr")).isEmpty());
    assertThat(text("usage-table"))
        .contains("claims.claims")
        .contains("profiles.claimant_profiles")
        .contains("risk.decisions")
        .containsPattern("[\\d,]+ reads?, last \\d{4}-\\d\\d-\\d\\d");
    save("dashboard");
  }

  /**
   * A mesh with more products than one page of the listing (200): the search shows and counts all
   * of them, facets included. After the other pages, so they are drawn over the few products alone.
   */
  @Test
  @Order(8)
  void aSearchShowsEveryMatchingProductBeyondTheFirstPage() {
    String token = catalog.token("claims-team");
    int archived = 201;
    for (int n = 0; n < archived; n++) {
      HttpResponse<String> response =
          io.insightmesh.it.harness.CatalogClients.send(
              catalog,
              "POST",
              "/api/v1/products",
              "{\"domain\":\"claims\",\"name\":\"archive_batch_"
                  + n
                  + "\",\"owner\":{\"team\":\"claims-team\",\"contact\":\"claims-team@example.org\"},"
                  + "\"description\":\"Archived claims batch "
                  + n
                  + ".\",\"tags\":[\"archive\"],\"classification\":\"NON_PII\","
                  + "\"freshnessSla\":\"P1D\",\"contractVersion\":\"1.0.0\","
                  + "\"icebergTable\":\"claims.archive_batch_"
                  + n
                  + "_v1\"}",
              token);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    browser.get(catalog.uri() + "/#/search?q=archived");
    wait.until(d -> text("result-count").equals(archived + " products"));
    assertThat(resultIds()).contains("claims.archive_batch_0", "claims.archive_batch_200");
    // Nobody has read an archived batch: said in words, not as a table of zeros.
    browser.get(catalog.uri() + "/#/products/claims.archive_batch_7");
    wait.until(d -> !d.findElements(By.cssSelector("#usage-figures p")).isEmpty());
    assertThat(text("usage-figures")).isEqualTo("No usage recorded yet.");
    browser.get(catalog.uri() + "/#/search?q=archived");
    wait.until(d -> text("result-count").equals(archived + " products"));
    assertThat(text("facet-tag")).contains("archive (" + archived + ")");

    // Ticking a facet filters what the search read: no product listed and no table loaded again
    // (201 freshness loads a tick, before).
    browser.executeScript("performance.clearResourceTimings()");
    WebElement archive = browser.findElement(By.cssSelector("#facet-tag input[value=archive]"));
    archive.sendKeys(Keys.SPACE);
    // Drawn anew from the address, once whatever it loads has come.
    wait.until(ExpectedConditions.stalenessOf(archive));
    wait.until(d -> "archive".equals(focused().getAttribute("value")));
    assertThat(browser.findElement(By.cssSelector("#facet-tag input[value=archive]")).isSelected())
        .isTrue();
    assertThat(text("result-count")).isEqualTo(archived + " products");
    @SuppressWarnings("unchecked")
    List<String> requested =
        (List<String>)
            browser.executeScript(
                "return performance.getEntriesByType('resource').map(entry => entry.name)");
    assertThat(requested).noneMatch(url -> url.contains("/iceberg/") || url.contains("/products?"));
  }

  /** The product's owners see who read it; other readers saw the counts alone. */
  @Test
  @Order(9)
  void theOwnersSeeEachConsumersReads() {
    browser.findElement(By.id("sign-out")).click();
    signIn("claims-team");
    // Signed in, the search lists every product first; the product page is loaded after it.
    wait.until(d -> text("result-count").contains(" product"));
    browser.get(catalog.uri() + "/#/products/claims.claims");
    wait.until(d -> !d.findElements(By.cssSelector("#usage-consumers tbody tr")).isEmpty());
    assertThat(text("usage-consumers"))
        .contains("Consumer")
        .contains("Last used")
        .contains("publish.profiles.claimant_profiles");
  }

  /**
   * Trino reports each query as a job of its own, so a product queried a thousand times has a
   * thousand readers: the graph stopped at its node limit and the page drew every box it had (a
   * graph tens of thousands of pixels tall) and counted 999 consumer jobs as if that were all.
   */
  @Test
  @Order(10)
  void aProductReadByMoreJobsThanTheGraphHoldsSaysSoAndStaysReadable() {
    String product = "claims.archive_batch_0";
    int readers = 1_005;
    String token = catalog.token("claims-team");
    for (int first = 0; first < readers; first += 100) {
      List<String> events = new ArrayList<>();
      for (int n = first; n < Math.min(readers, first + 100); n++) {
        events.add(
            "{\"eventType\":\"COMPLETE\",\"eventTime\":\""
                + java.time.Instant.now()
                + "\",\"run\":{\"runId\":\""
                + UUID.randomUUID()
                + "\"},\"job\":{\"namespace\":\"ui-it\",\"name\":\"reader-"
                + n
                + "\"},\"inputs\":[{\"namespace\":\"insight-mesh\",\"name\":\""
                + product
                + "\"}],\"outputs\":[],\"producer\":\"https://github.com/insight-mesh/insight-mesh/ui-it\","
                + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent\"}");
      }
      HttpResponse<String> response =
          io.insightmesh.it.harness.CatalogClients.send(
              catalog, "POST", "/api/v1/lineage", "[" + String.join(",", events) + "]", token);
      assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    browser.get(catalog.uri() + "/#/products/" + product);
    // The consumers are drawn after the lineage, once the usage has come; the title is set last.
    wait.until(d -> d.getTitle().equals(product + " · Insight Mesh catalog"));
    wait.until(d -> !d.findElements(By.id("lineage-truncated")).isEmpty());
    assertThat(text("lineage-truncated"))
        .contains("more jobs read or write this product than are shown");
    assertThat(text("downstream")).containsPattern("and more than [\\d,]+ more$");
    // Twenty boxes a column and a count of the rest, not a thousand boxes.
    assertThat(browser.findElements(By.cssSelector("#lineage-graph svg g.job"))).hasSize(20);
    assertThat(
            Integer.parseInt(
                browser.findElement(By.cssSelector("#lineage-graph svg")).getAttribute("height")))
        .isLessThan(1_200);
    assertThat(browser.findElements(By.cssSelector("#consumers tbody tr"))).hasSize(50);
    assertThat(text("consumers-more")).startsWith("The first 50 of more than ");

    // The dashboard's usage table asks two questions for each of the 200 products listed.
    browser.get(catalog.uri() + "/#/dashboard");
    String row =
        new WebDriverWait(browser, Duration.ofSeconds(120))
            .ignoring(StaleElementReferenceException.class)
            .until(
                d ->
                    d.findElements(By.cssSelector("#usage-table tbody tr")).stream()
                        .map(WebElement::getText)
                        .filter(text -> text.startsWith(product + " "))
                        .findFirst()
                        .orElse(null));
    assertThat(row).contains("more than ");
  }

  private void signIn(String principal) {
    WebElement name = visible(By.id("principal"));
    name.clear();
    name.sendKeys(principal, Keys.TAB);
    focused().sendKeys(catalog.secret(principal), Keys.ENTER);
    visible(By.id("who-name"));
  }

  private List<String> resultIds() {
    return browser.findElements(By.cssSelector("#results li")).stream()
        .map(item -> item.getAttribute("data-product"))
        .toList();
  }

  private WebElement visible(By locator) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  private String text(String id) {
    // A route change re-renders the page: an element found just before may be replaced before it
    // is read (StaleElementReferenceException), so find and read it again until one holds still.
    return wait.until(
        d -> {
          try {
            WebElement element = d.findElement(By.id(id));
            return element.isDisplayed() ? element.getText() : null;
          } catch (StaleElementReferenceException replaced) {
            return null;
          }
        });
  }

  private WebElement focused() {
    return browser.switchTo().activeElement();
  }

  private void scrollTo(String id) {
    browser.executeScript(
        "document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", id);
  }

  private void save(String page) {
    try {
      Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, screenshots.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String account(JsonNode claim) {
    return claim.get("bank_sort_code").asText() + "-" + claim.get("bank_account_number").asText();
  }

  private CatalogConnection connection(String principal) {
    return new CatalogConnection(catalog.uri(), principal, catalog.secret(principal));
  }

  private static long decisionRows(SparkSession spark) {
    spark.sql("REFRESH TABLE ui_risk.risk.decisions_v1");
    return spark.table("ui_risk.risk.decisions_v1").count();
  }

  private static List<String> landingLines(Path generated) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(generated.resolve("landing/claims"))) {
      for (Path file : files.sorted().toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }

  /** Relative directories are taken from the repository root, where docs/ui lives. */
  private static Path screenshotDirectory() throws IOException {
    Path configured = Path.of(System.getProperty("mesh.ui.screenshots", "target/ui-screenshots"));
    Path directory =
        configured.isAbsolute()
            ? configured
            : Path.of("").toAbsolutePath().getParent().resolve(configured);
    return Files.createDirectories(directory);
  }
}
