package io.insightmesh.catalog.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The registry's input rules: turns requests as sent into checked values, or refuses them with an
 * {@link IllegalArgumentException} naming the field, the value and the rule. Nothing is stored
 * before a request has passed here.
 */
final class ProductRequests {
  static final int MAX_DESCRIPTION = 4000;
  static final int MAX_TAGS = 20;
  static final int MAX_FIELDS = 500;
  static final int MAX_DOC = 1000;
  static final int MAX_REASON = 1000;
  static final int MAX_QUALITY_RESULTS = 256 * 1024;
  static final int MAX_QUERY = 200;
  static final int MAX_SEARCH_TERMS = 10;

  static final String TAG_RULE = "[a-z0-9-]{1,40}";
  private static final Pattern TAG = Pattern.compile(TAG_RULE);
  private static final String TEAM_RULE = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}";
  private static final Pattern TEAM = Pattern.compile(TEAM_RULE);
  // Deliberately narrower than RFC 5322: a contact people can type, with a dotted domain.
  private static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
  private static final int MAX_EMAIL = 254;
  private static final String FIELD_NAME_RULE = "[A-Za-z_][A-Za-z0-9_]*, dotted for nested fields";
  private static final Pattern FIELD_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
  private static final int MAX_FIELD_NAME = 255;
  private static final String PII_RULE = "[a-z][a-z0-9_]{0,39}";
  private static final Pattern PII = Pattern.compile(PII_RULE);
  // What separates search words: anything but letters, digits and the characters of names.
  private static final Pattern SEARCH_SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}_.-]+");

  private ProductRequests() {}

  /** A release as checked, before it is stamped with who recorded it and when. */
  record ReleaseDraft(
      ReleaseVersion version,
      long snapshotId,
      long rowCount,
      ContractVersion contractVersion,
      Optional<JsonNode> qualityResults) {}

  /** The deprecation as checked: the reason and the successor, if named. */
  record DeprecationDraft(String reason, Optional<ProductId> successor) {}

  /**
   * The identity a registration names.
   *
   * @throws IllegalArgumentException if the body, its domain or its name is missing or invalid
   */
  static ProductId identity(ProductRequest request) {
    requireBody(request, "a product registration");
    requirePart("domain", request.domain());
    requirePart("name", request.name());
    return ProductId.of(request.domain(), request.name());
  }

  /**
   * The product id in a path, {@code <domain>.<name>}.
   *
   * @throws IllegalArgumentException if it breaks the allowlist
   */
  static ProductId productId(String text) {
    if (text == null) {
      throw new IllegalArgumentException("Invalid product id: required, <domain>.<name>");
    }
    return ProductId.parse(text);
  }

  /**
   * The definition of product {@code id} that {@code request} declares. The body may repeat the
   * identity, as a registration does, but may not name another product.
   *
   * @throws IllegalArgumentException naming the first field that breaks a rule
   */
  static ProductDefinition definition(ProductId id, ProductRequest request) {
    requireBody(request, "a product registration");
    checkSameIdentity("domain", request.domain(), id.domain(), id);
    checkSameIdentity("name", request.name(), id.name(), id);
    Owner owner = owner(request.owner());
    String description = freeText("description", request.description(), MAX_DESCRIPTION, true);
    List<String> tags = tags(request.tags());
    Classification classification =
        enumValue("classification", request.classification(), Classification.class, true);
    Duration freshnessSla = freshnessSla(request.freshnessSla());
    if (request.contractVersion() == null) {
      throw new IllegalArgumentException(
          "Invalid contractVersion: required, a semantic version MAJOR.MINOR.PATCH such as 1.0.0");
    }
    ContractVersion contractVersion = ContractVersion.parse(request.contractVersion());
    TableIdentifier icebergTable = icebergTable(id, contractVersion, request.icebergTable());
    List<ProductField> fields = fields(request.fields());
    if (classification == Classification.NON_PII) {
      fields.stream()
          .filter(field -> field.pii().isPresent())
          .findFirst()
          .ifPresent(
              field -> {
                throw new IllegalArgumentException(
                    "Invalid classification NON_PII: field "
                        + field.name()
                        + " carries PII tag "
                        + field.pii().get()
                        + ", and a product with a PII field is classified PII");
              });
    }
    return new ProductDefinition(
        id,
        owner,
        description,
        tags,
        classification,
        freshnessSla,
        contractVersion,
        icebergTable,
        fields);
  }

  /**
   * A deprecation's reason and successor; whether the successor exists is the registry's check.
   *
   * @throws IllegalArgumentException if the reason is missing or too long, or the successor is not
   *     a product id other than {@code id}
   */
  static DeprecationDraft deprecation(ProductId id, DeprecationRequest request) {
    requireBody(request, "a deprecation with a reason");
    String reason = freeText("reason", request.reason(), MAX_REASON, true);
    Optional<ProductId> successor = Optional.empty();
    if (request.successor() != null) {
      try {
        successor = Optional.of(ProductId.parse(request.successor()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Invalid successor '"
                + Texts.printable(request.successor())
                + "': must be a product id <domain>.<name>, each part matching "
                + ProductId.PART_RULE,
            e);
      }
      if (successor.get().equals(id)) {
        throw new IllegalArgumentException(
            "Invalid successor " + id + ": a product cannot succeed itself");
      }
    }
    return new DeprecationDraft(reason, successor);
  }

  /**
   * A release as a publisher describes it.
   *
   * @throws IllegalArgumentException naming the first field that breaks a rule
   */
  static ReleaseDraft release(ReleaseRequest request) {
    requireBody(request, "a release");
    if (request.version() == null) {
      throw new IllegalArgumentException(
          "Invalid version: required, MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH+BUILD");
    }
    ReleaseVersion version = ReleaseVersion.parse(request.version());
    if (request.snapshotId() == null) {
      throw new IllegalArgumentException(
          "Invalid snapshotId: required, the id of the Iceberg snapshot this release tags");
    }
    if (request.rowCount() == null || request.rowCount() < 0) {
      throw new IllegalArgumentException(
          "Invalid rowCount"
              + (request.rowCount() == null ? "" : " " + request.rowCount())
              + ": required, the number of rows in the snapshot, 0 or more");
    }
    ContractVersion contractVersion = version.contractVersion();
    if (request.contractVersion() != null) {
      ContractVersion sent = ContractVersion.parse(request.contractVersion());
      if (!sent.equals(contractVersion)) {
        throw new IllegalArgumentException(
            "Invalid contractVersion "
                + sent
                + ": release "
                + version
                + " is published under contract version "
                + contractVersion);
      }
    }
    Optional<JsonNode> qualityResults = Optional.ofNullable(request.qualityResults());
    qualityResults = qualityResults.filter(node -> !node.isNull());
    if (qualityResults.isPresent()) {
      JsonNode results = qualityResults.get();
      if (!results.isObject() && !results.isArray()) {
        throw new IllegalArgumentException(
            "Invalid qualityResults: must be a JSON object or array, not " + results.getNodeType());
      }
      if (results.toString().length() > MAX_QUALITY_RESULTS) {
        throw new IllegalArgumentException(
            "Invalid qualityResults: longer than " + MAX_QUALITY_RESULTS + " characters of JSON");
      }
      if (hasNonFiniteNumber(results)) {
        // Read as a double, 1e400 is Infinity, which JSON cannot hold: the stored text would not
        // read back, and the release could never be replayed.
        throw new IllegalArgumentException(
            "Invalid qualityResults: a number is beyond the range of a double");
      }
    }
    return new ReleaseDraft(
        version, request.snapshotId(), request.rowCount(), contractVersion, qualityResults);
  }

  private static boolean hasNonFiniteNumber(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return !Double.isFinite(node.doubleValue());
    }
    for (JsonNode child : node) {
      if (hasNonFiniteNumber(child)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The checked filter of a listing.
   *
   * @throws IllegalArgumentException naming the first parameter that breaks a rule
   */
  static ProductQuery query(ProductListRequest request) {
    Optional<String> domain = present(request.domain());
    domain.ifPresent(value -> requirePart("domain", value));
    Optional<String> tag = present(request.tag());
    tag.ifPresent(value -> checkTag("tag", value));
    Optional<Classification> classification =
        present(request.classification())
            .map(value -> enumValue("classification", value, Classification.class, false));
    Optional<ProductStatus> status =
        present(request.status())
            .map(value -> enumValue("status", value, ProductStatus.class, false));
    return new ProductQuery(domain, tag, classification, status, searchTerms(request.q()));
  }

  /** An absent or empty query parameter filters nothing. */
  static Optional<String> present(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static List<String> searchTerms(String q) {
    if (q == null || q.isBlank()) {
      return List.of();
    }
    if (q.length() > MAX_QUERY) {
      throw new IllegalArgumentException(
          "Invalid q: longer than " + MAX_QUERY + " characters; search with fewer words");
    }
    List<String> terms =
        SEARCH_SEPARATOR
            .splitAsStream(q.toLowerCase(Locale.ROOT))
            .filter(term -> !term.isEmpty())
            .distinct()
            .toList();
    if (terms.size() > MAX_SEARCH_TERMS) {
      throw new IllegalArgumentException(
          "Invalid q '"
              + Texts.printable(q)
              + "': "
              + terms.size()
              + " words, at most "
              + MAX_SEARCH_TERMS
              + " are searched");
    }
    return terms;
  }

  private static Owner owner(ProductRequest.OwnerRequest owner) {
    if (owner == null) {
      throw new IllegalArgumentException(
          "Invalid owner: required, {\"team\": ..., \"contact\": <e-mail address>}");
    }
    String team = owner.team();
    if (team == null || !TEAM.matcher(team).matches()) {
      throw new IllegalArgumentException(
          "Invalid owner.team"
              + quoted(team)
              + ": required, 1 to 128 letters, digits, spaces, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
    String contact = owner.contact();
    if (contact == null || contact.length() > MAX_EMAIL || !EMAIL.matcher(contact).matches()) {
      throw new IllegalArgumentException(
          "Invalid owner.contact"
              + quoted(contact)
              + ": required, an e-mail address such as claims-team@example.org");
    }
    return new Owner(team, contact);
  }

  private static List<String> tags(List<String> tags) {
    if (tags == null) {
      return List.of();
    }
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException(
          "Invalid tags: " + tags.size() + " tags, at most " + MAX_TAGS + " are allowed");
    }
    Set<String> seen = new HashSet<>();
    for (int index = 0; index < tags.size(); index++) {
      String field = "tags[" + index + "]";
      checkTag(field, tags.get(index));
      if (!seen.add(tags.get(index))) {
        throw new IllegalArgumentException(
            "Invalid " + field + " '" + tags.get(index) + "': tags must not repeat");
      }
    }
    return List.copyOf(tags);
  }

  private static void checkTag(String field, String tag) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "Invalid "
              + field
              + quoted(tag)
              + ": must match "
              + TAG_RULE
              + " (lower-case letters, digits and '-')");
    }
  }

  private static Duration freshnessSla(String text) {
    String rule = ": required, a positive ISO-8601 duration such as PT15M, PT1H or P1D";
    if (text == null) {
      throw new IllegalArgumentException("Invalid freshnessSla" + rule);
    }
    Duration duration;
    try {
      duration = text.length() > 64 ? null : Duration.parse(text);
    } catch (DateTimeParseException | ArithmeticException e) {
      duration = null;
    }
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("Invalid freshnessSla" + quoted(text) + rule);
    }
    return duration;
  }

  private static TableIdentifier icebergTable(ProductId id, ContractVersion version, String text) {
    TableIdentifier expected = ProductTable.of(id, version).identifier();
    if (expected.toString().equals(text)) {
      return expected;
    }
    String namespace = text == null || text.indexOf('.') < 0 ? "" : text.split("\\.", 2)[0];
    if (ProductId.isPart(namespace) && !namespace.equals(id.domain())) {
      throw new IllegalArgumentException(
          "Invalid icebergTable '"
              + Texts.printable(text)
              + "': must lie in the domain namespace "
              + id.domain()
              + " of product "
              + id
              + ", not in "
              + namespace);
    }
    // The catalog knows a product's table by this name alone: in any other, commits would skip the
    // contract's checks and Trino's policy would refuse every reader.
    throw new IllegalArgumentException(
        "Invalid icebergTable"
            + quoted(text)
            + ": required, "
            + ProductTable.RULE
            + ", here "
            + expected
            + " for product "
            + id
            + " at contract version "
            + version);
  }

  private static List<ProductField> fields(List<ProductRequest.FieldRequest> fields) {
    if (fields == null) {
      return List.of();
    }
    if (fields.size() > MAX_FIELDS) {
      throw new IllegalArgumentException(
          "Invalid fields: " + fields.size() + " fields, at most " + MAX_FIELDS + " are allowed");
    }
    List<ProductField> checked = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int index = 0; index < fields.size(); index++) {
      String prefix = "fields[" + index + "]";
      ProductRequest.FieldRequest field = fields.get(index);
      if (field == null) {
        throw new IllegalArgumentException(
            "Invalid " + prefix + ": must be an object {\"name\", \"doc\", \"pii\"}");
      }
      String name = field.name();
      if (name == null || name.length() > MAX_FIELD_NAME || !FIELD_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "Invalid "
                + prefix
                + ".name"
                + quoted(name)
                + ": required, "
                + FIELD_NAME_RULE
                + ", at most "
                + MAX_FIELD_NAME
                + " characters");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException(
            "Invalid " + prefix + ".name '" + name + "': declared twice");
      }
      Optional<String> doc =
          Optional.ofNullable(field.doc()).map(text -> freeText(prefix + ".doc", text, MAX_DOC));
      Optional<String> pii = Optional.ofNullable(field.pii());
      if (pii.isPresent() && !PII.matcher(pii.get()).matches()) {
        throw new IllegalArgumentException(
            "Invalid "
                + prefix
                + ".pii"
                + quoted(pii.get())
                + ": a PII tag such as nino, name or dob, matching "
                + PII_RULE);
      }
      checked.add(new ProductField(name, doc, pii));
    }
    return List.copyOf(checked);
  }

  private static String freeText(String field, String text, int max) {
    return freeText(field, text, max, false);
  }

  private static String freeText(String field, String text, int max, boolean required) {
    if (text == null || (required && text.isBlank())) {
      throw new IllegalArgumentException(
          "Invalid " + field + ": required, 1 to " + max + " characters of text");
    }
    if (text.length() > max) {
      throw new IllegalArgumentException(
          "Invalid " + field + ": " + text.length() + " characters, at most " + max);
    }
    if (Texts.hasControlCharacter(text)) {
      throw new IllegalArgumentException(
          "Invalid "
              + field
              + " '"
              + Texts.printable(text)
              + "': control characters other than tab and line breaks are not allowed");
    }
    return text;
  }

  private static <E extends Enum<E>> E enumValue(
      String field, String text, Class<E> type, boolean required) {
    List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    if (text == null) {
      throw new IllegalArgumentException(
          "Invalid " + field + ": " + (required ? "required, " : "") + "one of " + allowed);
    }
    if (!allowed.contains(text)) {
      throw new IllegalArgumentException(
          "Invalid " + field + " '" + Texts.printable(text) + "': must be one of " + allowed);
    }
    return Enum.valueOf(type, text);
  }

  private static void requirePart(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "Invalid " + field + ": required, matching " + ProductId.PART_RULE);
    }
    ProductId.checkPart(field, value);
  }

  private static void checkSameIdentity(String field, String sent, String expected, ProductId id) {
    if (sent != null && !sent.equals(expected)) {
      throw new IllegalArgumentException(
          "Invalid "
              + field
              + " '"
              + Texts.printable(sent)
              + "': the body names another product than "
              + id
              + " in the path; a product's identity does not change");
    }
  }

  private static void requireBody(Object body, String what) {
    if (body == null) {
      throw new IllegalArgumentException("Invalid request body: required, " + what + " as JSON");
    }
  }

  private static String quoted(String value) {
    return value == null ? "" : " '" + Texts.printable(value) + "'";
  }
}
