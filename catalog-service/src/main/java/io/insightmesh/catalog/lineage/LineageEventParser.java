package io.insightmesh.catalog.lineage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.catalog.http.JsonBodyFailures;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads OpenLineage run events from a request body and checks them against the spec (OpenLineage
 * 2-0-2 {@code RunEvent}) and the catalog's bounds, before anything is stored.
 *
 * <p>The openlineage-java jar ships the spec's Java model but not its JSON schema, so the rules are
 * checked here by hand: {@code eventTime} (RFC 3339 with an offset), {@code producer} and {@code
 * schemaURL} (absolute URIs), {@code eventType} (START, RUNNING, COMPLETE, ABORT, FAIL or OTHER),
 * {@code run.runId} (a UUID), {@code job.namespace} and {@code job.name}, each dataset's {@code
 * namespace} and {@code name}, every facet's {@code _producer} and {@code _schemaURL}, and the
 * structure of the facets the catalog reads ({@code schema}, {@code symlinks}, {@code
 * columnLineage}). The model then parses what passed. Bounds: at most {@value #MAX_EVENTS} events
 * per request, {@value #MAX_DATASETS} inputs and as many outputs per event, names of at most
 * {@value #MAX_NAME} characters, {@value #MAX_COLUMN_EDGES} column-lineage input fields per event,
 * and JSON nested at most {@value #MAX_NESTING} deep.
 *
 * <p>Errors name the field by its JSON path ({@code inputs[2].name}, {@code [1].run.runId} in a
 * batch) and the rule, and never echo a value: facets may carry anything.
 */
final class LineageEventParser {
  static final int MAX_EVENTS = 100;
  static final int MAX_DATASETS = 500;
  static final int MAX_NAME = 1024;
  static final int MAX_COLUMN_EDGES = 10_000;
  static final int MAX_NESTING = 100;
  private static final int MAX_URI = 2048;
  private static final int MAX_TRANSFORMATION = 64;

  static final Set<String> EVENT_TYPES =
      Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");
  private static final String EVENT_TYPE_RULE =
      "must be one of START, RUNNING, COMPLETE, ABORT, FAIL or OTHER";
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Parses into a tree first, keeping numbers exactly as sent; duplicate keys are refused. */
  static final ObjectMapper TREE =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  /** OpenLineage's own mapper, configured for its model. */
  private static final ObjectMapper MODEL = OpenLineageClientUtils.newObjectMapper();

  /** An event that passed: its JSON tree, to be normalised and stored, and the spec's model. */
  record ParsedEvent(String path, ObjectNode tree, OpenLineage.RunEvent event) {}

  private LineageEventParser() {}

  /**
   * The run events in {@code body}: one event object, or an array of them.
   *
   * @throws InvalidLineageEventException naming the first field that breaks a rule
   */
  static List<ParsedEvent> parse(byte[] body) {
    JsonNode root = readTree(body);
    List<ParsedEvent> events = new ArrayList<>();
    if (root instanceof ObjectNode event) {
      events.add(parseEvent("", event));
    } else if (root instanceof ArrayNode array) {
      if (array.isEmpty()) {
        throw invalid("request body", "an array of events must hold at least one event");
      }
      if (array.size() > MAX_EVENTS) {
        throw invalid("request body", "at most " + MAX_EVENTS + " events per request");
      }
      for (int index = 0; index < array.size(); index++) {
        String path = "[" + index + "]";
        if (!(array.get(index) instanceof ObjectNode event)) {
          throw invalid(path, "must be an OpenLineage RunEvent object");
        }
        events.add(parseEvent(path, event));
      }
    } else {
      throw invalid("request body", "must be an OpenLineage RunEvent object or an array of them");
    }
    return events;
  }

  private static JsonNode readTree(byte[] body) {
    if (body.length == 0) {
      throw invalid("request body", "required, an OpenLineage RunEvent");
    }
    try {
      JsonNode root = TREE.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw invalid("request body", "required, an OpenLineage RunEvent");
      }
      return root;
    } catch (StreamConstraintsException e) {
      throw new InvalidLineageEventException(
          "Invalid request body: JSON nested deeper than " + MAX_NESTING + " levels", e);
    } catch (JsonProcessingException e) {
      // Jackson's own message may quote the text it choked on; only the position is reported.
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      String what =
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
              ? "a field appears twice in one object"
              : "not valid JSON";
      throw new InvalidLineageEventException("Invalid request body: " + what + where, e);
    } catch (IOException e) {
      throw new InvalidLineageEventException("Invalid request body: cannot be read", e);
    }
  }

  private static ParsedEvent parseEvent(String path, ObjectNode event) {
    Fields fields = new Fields(path);
    // A DatasetEvent or JobEvent has neither run nor eventType; a RunEvent missing its run does.
    if (!event.has("run") && !event.has("eventType")) {
      if (event.has("dataset")) {
        throw invalid(
            fields.at("run"),
            "required; DatasetEvents are not accepted here, send RunEvents (run, job, eventType)");
      }
      if (event.has("job")) {
        throw invalid(
            fields.at("run"),
            "required; JobEvents are not accepted here, send RunEvents (run, job, eventType)");
      }
    }
    checkTime(fields, event, "eventTime");
    checkUri(fields, event, "producer", true);
    checkUri(fields, event, "schemaURL", true);
    String eventType = text(fields, event, "eventType", true, MAX_NAME);
    if (!EVENT_TYPES.contains(eventType)) {
      throw invalid(fields.at("eventType"), EVENT_TYPE_RULE);
    }
    ObjectNode run = object(fields, event, "run", true);
    Fields runFields = fields.child("run");
    String runId = text(runFields, run, "runId", true, 64);
    if (!UUID.matcher(runId).matches()) {
      throw invalid(runFields.at("runId"), "must be a UUID");
    }
    facets(runFields, run, "facets");
    ObjectNode job = object(fields, event, "job", true);
    Fields jobFields = fields.child("job");
    name(jobFields, job, "namespace");
    name(jobFields, job, "name");
    facets(jobFields, job, "facets");
    int columnEdges = datasets(fields, event, "inputs", "inputFacets");
    columnEdges += datasets(fields, event, "outputs", "outputFacets");
    if (columnEdges > MAX_COLUMN_EDGES) {
      throw invalid(
          fields.at("outputs"),
          "at most " + MAX_COLUMN_EDGES + " column-lineage input fields per event");
    }
    return new ParsedEvent(path, event, model(fields, event));
  }

  /** Checks a dataset list; returns how many column-lineage input fields it holds. */
  private static int datasets(Fields fields, ObjectNode event, String field, String ownFacets) {
    JsonNode list = event.get(field);
    if (list == null || list.isNull()) {
      return 0;
    }
    if (!list.isArray()) {
      throw invalid(fields.at(field), "must be an array of datasets");
    }
    if (list.size() > MAX_DATASETS) {
      throw invalid(fields.at(field), "at most " + MAX_DATASETS + " datasets per event");
    }
    int columnEdges = 0;
    for (int index = 0; index < list.size(); index++) {
      Fields datasetFields = fields.child(field + "[" + index + "]");
      if (!(list.get(index) instanceof ObjectNode dataset)) {
        throw invalid(datasetFields.at(""), "must be a dataset object");
      }
      name(datasetFields, dataset, "namespace");
      name(datasetFields, dataset, "name");
      ObjectNode facets = facets(datasetFields, dataset, "facets");
      facets(datasetFields, dataset, ownFacets);
      if (facets != null) {
        Fields facetFields = datasetFields.child("facets");
        schemaFacet(facetFields, facets.get("schema"));
        symlinksFacet(facetFields, facets.get("symlinks"));
        columnEdges += columnLineageFacet(facetFields, facets.get("columnLineage"));
      }
    }
    return columnEdges;
  }

  /** Checks a facets object: every facet is an object carrying {@code _producer} and schema. */
  private static ObjectNode facets(Fields fields, ObjectNode parent, String field) {
    ObjectNode facets = object(fields, parent, field, false);
    if (facets == null) {
      return null;
    }
    Fields facetFields = fields.child(field);
    Iterator<Map.Entry<String, JsonNode>> entries = facets.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String key = entry.getKey();
      if (key.length() > MAX_NAME || hasControlCharacter(key)) {
        throw invalid(
            facetFields.at(""),
            "facet names must be at most " + MAX_NAME + " characters without control characters");
      }
      if (!(entry.getValue() instanceof ObjectNode facet)) {
        throw invalid(facetFields.at(key), "must be a facet object");
      }
      Fields one = facetFields.child(key);
      checkUri(one, facet, "_producer", true);
      checkUri(one, facet, "_schemaURL", true);
      JsonNode deleted = facet.get("_deleted");
      if (deleted != null && !deleted.isBoolean()) {
        throw invalid(one.at("_deleted"), "must be a boolean");
      }
    }
    return facets;
  }

  private static void schemaFacet(Fields fields, JsonNode facet) {
    if (facet == null || isDeleted(facet)) {
      return;
    }
    schemaFields(fields.child("schema"), (ObjectNode) facet, "fields");
  }

  private static void schemaFields(Fields fields, ObjectNode parent, String field) {
    JsonNode list = parent.get(field);
    if (list == null || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      throw invalid(fields.at(field), "must be an array of fields");
    }
    for (int index = 0; index < list.size(); index++) {
      Fields one = fields.child(field + "[" + index + "]");
      if (!(list.get(index) instanceof ObjectNode schemaField)) {
        throw invalid(one.at(""), "must be a field object");
      }
      name(one, schemaField, "name");
      text(one, schemaField, "type", false, MAX_NAME);
      schemaFields(one, schemaField, "fields");
    }
  }

  private static void symlinksFacet(Fields fields, JsonNode facet) {
    if (facet == null || isDeleted(facet)) {
      return;
    }
    Fields facetFields = fields.child("symlinks");
    JsonNode identifiers = facet.get("identifiers");
    if (identifiers == null || !identifiers.isArray()) {
      throw invalid(facetFields.at("identifiers"), "required, an array of identifiers");
    }
    if (identifiers.size() > MAX_DATASETS) {
      throw invalid(facetFields.at("identifiers"), "at most " + MAX_DATASETS + " identifiers");
    }
    for (int index = 0; index < identifiers.size(); index++) {
      Fields one = facetFields.child("identifiers[" + index + "]");
      if (!(identifiers.get(index) instanceof ObjectNode identifier)) {
        throw invalid(one.at(""), "must be an identifier object");
      }
      name(one, identifier, "namespace");
      name(one, identifier, "name");
      name(one, identifier, "type");
    }
  }

  private static int columnLineageFacet(Fields fields, JsonNode facet) {
    if (facet == null || isDeleted(facet)) {
      return 0;
    }
    Fields facetFields = fields.child("columnLineage");
    ObjectNode columns = object(facetFields, (ObjectNode) facet, "fields", true);
    int inputFields = 0;
    Iterator<Map.Entry<String, JsonNode>> entries = columns.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      if (entry.getKey().isEmpty()
          || entry.getKey().length() > MAX_NAME
          || hasControlCharacter(entry.getKey())) {
        throw invalid(
            facetFields.at("fields"),
            "column names must be 1 to " + MAX_NAME + " characters without control characters");
      }
      Fields column = facetFields.child("fields").child(entry.getKey());
      if (!(entry.getValue() instanceof ObjectNode lineage)) {
        throw invalid(column.at(""), "must be an object with inputFields");
      }
      JsonNode inputs = lineage.get("inputFields");
      if (inputs == null || !inputs.isArray()) {
        throw invalid(column.at("inputFields"), "required, an array of input fields");
      }
      inputFields += inputFields(column, "inputFields", inputs);
      text(column, lineage, "transformationType", false, MAX_TRANSFORMATION);
    }
    JsonNode dataset = facet.get("dataset");
    if (dataset != null && !dataset.isNull()) {
      if (!dataset.isArray()) {
        throw invalid(facetFields.at("dataset"), "must be an array of input fields");
      }
      inputFields += inputFields(facetFields, "dataset", dataset);
    }
    return inputFields;
  }

  private static int inputFields(Fields fields, String field, JsonNode inputs) {
    for (int index = 0; index < inputs.size(); index++) {
      Fields one = fields.child(field + "[" + index + "]");
      if (!(inputs.get(index) instanceof ObjectNode input)) {
        throw invalid(one.at(""), "must be an input field object");
      }
      name(one, input, "namespace");
      name(one, input, "name");
      name(one, input, "field");
      JsonNode transformations = input.get("transformations");
      if (transformations == null || transformations.isNull()) {
        continue;
      }
      if (!transformations.isArray()) {
        throw invalid(one.at("transformations"), "must be an array of transformations");
      }
      for (int t = 0; t < transformations.size(); t++) {
        Fields transformation = one.child("transformations[" + t + "]");
        if (!(transformations.get(t) instanceof ObjectNode node)) {
          throw invalid(transformation.at(""), "must be a transformation object");
        }
        text(transformation, node, "type", true, MAX_TRANSFORMATION);
        text(transformation, node, "subtype", false, MAX_TRANSFORMATION);
        JsonNode masking = node.get("masking");
        if (masking != null && !masking.isNull() && !masking.isBoolean()) {
          throw invalid(transformation.at("masking"), "must be a boolean");
        }
      }
    }
    return inputs.size();
  }

  private static OpenLineage.RunEvent model(Fields fields, ObjectNode event) {
    try {
      return MODEL.treeToValue(event, OpenLineage.RunEvent.class);
    } catch (JsonMappingException e) {
      String path = JsonBodyFailures.path(e);
      throw new InvalidLineageEventException(
          "Invalid "
              + (path.isEmpty() ? "event" : fields.at(path))
              + ": does not have the type the OpenLineage spec gives it",
          e);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidLineageEventException(
          "Invalid event"
              + (fields.prefix.isEmpty() ? "" : " " + fields.prefix)
              + ": does not match the OpenLineage RunEvent model",
          e);
    }
  }

  private static boolean isDeleted(JsonNode facet) {
    return facet.path("_deleted").asBoolean(false);
  }

  private static ObjectNode object(
      Fields fields, ObjectNode parent, String field, boolean required) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw invalid(fields.at(field), "required, an object");
      }
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      throw invalid(fields.at(field), "must be an object");
    }
    return object;
  }

  private static String text(
      Fields fields, ObjectNode parent, String field, boolean required, int maxLength) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw invalid(fields.at(field), "required, a string");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw invalid(fields.at(field), "must be a string");
    }
    String text = value.textValue();
    if (text.length() > maxLength) {
      throw invalid(fields.at(field), "at most " + maxLength + " characters");
    }
    return text;
  }

  /** A namespace or name: required, 1 to 1024 characters, no control characters. */
  private static String name(Fields fields, ObjectNode parent, String field) {
    String text = text(fields, parent, field, true, MAX_NAME);
    if (text.isBlank()) {
      throw invalid(fields.at(field), "must not be blank");
    }
    if (hasControlCharacter(text)) {
      throw invalid(fields.at(field), "must not contain control characters");
    }
    return text;
  }

  private static void checkUri(Fields fields, ObjectNode parent, String field, boolean required) {
    String text = text(fields, parent, field, required, MAX_URI);
    if (text == null) {
      return;
    }
    try {
      if (!new URI(text).isAbsolute()) {
        throw invalid(fields.at(field), "must be an absolute URI");
      }
    } catch (URISyntaxException e) {
      throw invalid(fields.at(field), "must be an absolute URI");
    }
  }

  private static void checkTime(Fields fields, ObjectNode parent, String field) {
    String text = text(fields, parent, field, true, 64);
    try {
      ZonedDateTime.parse(text, DateTimeFormatter.ISO_ZONED_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw invalid(
          fields.at(field),
          "must be an RFC 3339 date-time with an offset, such as 2025-01-31T09:30:00Z");
    }
  }

  private static boolean hasControlCharacter(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }

  private static InvalidLineageEventException invalid(String field, String rule) {
    return new InvalidLineageEventException("Invalid " + field + ": " + rule);
  }

  /** Builds field paths under a prefix: {@code [2].inputs[0].name}. */
  private static final class Fields {
    private final String prefix;

    Fields(String prefix) {
      this.prefix = prefix;
    }

    Fields child(String field) {
      return new Fields(at(field));
    }

    String at(String field) {
      if (field.isEmpty()) {
        return prefix.isEmpty() ? "event" : prefix;
      }
      if (prefix.isEmpty()) {
        return field;
      }
      return field.startsWith("[") ? prefix + field : prefix + "." + field;
    }
  }
}
