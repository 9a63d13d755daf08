package io.insightmesh.catalog.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.catalog.lineage.LineageEventParser.ParsedEvent;
import io.insightmesh.catalog.lineage.NormalisedEvent.ColumnEdge;
import io.insightmesh.catalog.lineage.NormalisedEvent.DatasetUse;
import io.openlineage.client.OpenLineage;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a checked event into what is stored: every dataset, including those column lineage refers
 * to, named by its node ({@link DatasetNames}); the producer's own name kept as a {@code symlinks}
 * identifier of type {@value #PRODUCER_NAME}; literals taken out of query texts ({@link
 * QueryTexts}).
 */
final class EventNormaliser {
  /** The {@code symlinks} identifier type under which the producer's dataset name is kept. */
  static final String PRODUCER_NAME = "PRODUCER_NAME";

  /** The producer the catalog names in facets it adds. */
  static final String CATALOG_PRODUCER = "urn:insight-mesh:catalog-service";

  private static final String SYMLINKS_SCHEMA =
      "https://openlineage.io/spec/facets/1-0-1/SymlinksDatasetFacet.json"
          + "#/$defs/SymlinksDatasetFacet";

  private final DatasetNames names;

  EventNormaliser(DatasetNames names) {
    this.names = names;
  }

  NormalisedEvent normalise(ParsedEvent parsed, ProductResolver products) {
    OpenLineage.RunEvent event = parsed.event();
    ObjectNode tree = parsed.tree().deepCopy();
    Map<String, DatasetNode> resolved = new HashMap<>();
    List<Ingestion.DatasetNaming> namings = new ArrayList<>();
    Set<ColumnEdge> columnEdges = new LinkedHashSet<>();

    List<DatasetUse> inputs = new ArrayList<>();
    List<OpenLineage.InputDataset> inputList = nonNull(event.getInputs());
    for (int index = 0; index < inputList.size(); index++) {
      OpenLineage.InputDataset dataset = inputList.get(index);
      ObjectNode node = (ObjectNode) tree.get("inputs").get(index);
      inputs.add(dataset(dataset, node, products, resolved, namings, columnEdges));
    }
    List<DatasetUse> outputs = new ArrayList<>();
    List<OpenLineage.OutputDataset> outputList = nonNull(event.getOutputs());
    for (int index = 0; index < outputList.size(); index++) {
      OpenLineage.OutputDataset dataset = outputList.get(index);
      ObjectNode node = (ObjectNode) tree.get("outputs").get(index);
      outputs.add(dataset(dataset, node, products, resolved, namings, columnEdges));
    }

    ObjectNode runFacets = objectOrNull(tree.get("run").get("facets"));
    ObjectNode jobFacets = objectOrNull(tree.get("job").get("facets"));
    QueryTexts.redactFacets(runFacets);
    QueryTexts.redactFacets(jobFacets);

    return new NormalisedEvent(
        event.getRun().getRunId(),
        tree.get("eventType").textValue(),
        event
            .getEventTime()
            .toOffsetDateTime()
            .withOffsetSameInstant(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MICROS),
        event.getProducer().toString(),
        event.getJob().getNamespace(),
        event.getJob().getName(),
        write(tree),
        runFacets == null ? "{}" : write(runFacets),
        jobFacets == null ? "{}" : write(jobFacets),
        inputs,
        outputs,
        List.copyOf(columnEdges),
        namings);
  }

  private DatasetUse dataset(
      OpenLineage.Dataset dataset,
      ObjectNode tree,
      ProductResolver products,
      Map<String, DatasetNode> resolved,
      List<Ingestion.DatasetNaming> namings,
      Set<ColumnEdge> columnEdges) {
    String namespace = dataset.getNamespace();
    String name = dataset.getName();
    DatasetNode node = names.resolve(namespace, name, aliases(dataset), products);
    resolved.put(reference(namespace, name), node);
    namings.add(new Ingestion.DatasetNaming(namespace, name, node.nodeId()));
    rename(tree, node);

    OpenLineage.DatasetFacets facets = dataset.getFacets();
    if (facets != null && facets.getColumnLineage() != null) {
      ObjectNode facetTree = (ObjectNode) tree.get("facets").get("columnLineage");
      columnLineage(node, facets.getColumnLineage(), facetTree, products, resolved, columnEdges);
    }
    JsonNode facetsTree = tree.get("facets");
    return new DatasetUse(node, facetsTree instanceof ObjectNode ? write(facetsTree) : "{}");
  }

  private void columnLineage(
      DatasetNode output,
      OpenLineage.ColumnLineageDatasetFacet facet,
      ObjectNode facetTree,
      ProductResolver products,
      Map<String, DatasetNode> resolved,
      Set<ColumnEdge> columnEdges) {
    if (Boolean.TRUE.equals(facet.get_deleted()) || facet.getFields() == null) {
      return;
    }
    Map<String, OpenLineage.ColumnLineageDatasetFacetFieldsAdditional> columns =
        facet.getFields().getAdditionalProperties();
    ObjectNode columnsTree = (ObjectNode) facetTree.get("fields");
    for (Map.Entry<String, OpenLineage.ColumnLineageDatasetFacetFieldsAdditional> column :
        columns.entrySet()) {
      OpenLineage.ColumnLineageDatasetFacetFieldsAdditional lineage = column.getValue();
      ObjectNode columnTree = (ObjectNode) columnsTree.get(column.getKey());
      QueryTexts.redactDescription(columnTree, "transformationDescription");
      List<OpenLineage.InputField> inputFields = nonNull(lineage.getInputFields());
      ArrayNode inputFieldsTree = (ArrayNode) columnTree.get("inputFields");
      for (int index = 0; index < inputFields.size(); index++) {
        OpenLineage.InputField inputField = inputFields.get(index);
        ObjectNode inputTree = (ObjectNode) inputFieldsTree.get(index);
        DatasetNode input = inputNode(inputField, inputTree, products, resolved);
        List<OpenLineage.InputFieldTransformations> transformations =
            nonNull(inputField.getTransformations());
        if (transformations.isEmpty()) {
          columnEdges.add(
              new ColumnEdge(
                  output,
                  column.getKey(),
                  input,
                  inputField.getField(),
                  orEmpty(lineage.getTransformationType()),
                  "",
                  false));
        }
        for (int t = 0; t < transformations.size(); t++) {
          OpenLineage.InputFieldTransformations transformation = transformations.get(t);
          QueryTexts.redactDescription(
              (ObjectNode) inputTree.get("transformations").get(t), "description");
          columnEdges.add(
              new ColumnEdge(
                  output,
                  column.getKey(),
                  input,
                  inputField.getField(),
                  orEmpty(transformation.getType()),
                  orEmpty(transformation.getSubtype()),
                  Boolean.TRUE.equals(transformation.getMasking())));
        }
      }
    }
    JsonNode datasetTree = facetTree.get("dataset");
    List<OpenLineage.InputField> datasetFields = nonNull(facet.getDataset());
    for (int index = 0; index < datasetFields.size(); index++) {
      inputNode(datasetFields.get(index), (ObjectNode) datasetTree.get(index), products, resolved);
    }
  }

  /** Column lineage names its inputs without facets: the event's own datasets name them first. */
  private DatasetNode inputNode(
      OpenLineage.InputField field,
      ObjectNode tree,
      ProductResolver products,
      Map<String, DatasetNode> resolved) {
    DatasetNode node =
        resolved.computeIfAbsent(
            reference(field.getNamespace(), field.getName()),
            key -> names.resolve(field.getNamespace(), field.getName(), List.of(), products));
    tree.put("namespace", node.namespace());
    tree.put("name", node.name());
    return node;
  }

  private static List<DatasetNames.Alias> aliases(OpenLineage.Dataset dataset) {
    OpenLineage.DatasetFacets facets = dataset.getFacets();
    if (facets == null
        || facets.getSymlinks() == null
        || Boolean.TRUE.equals(facets.getSymlinks().get_deleted())) {
      return List.of();
    }
    return nonNull(facets.getSymlinks().getIdentifiers()).stream()
        .map(identifier -> new DatasetNames.Alias(identifier.getNamespace(), identifier.getName()))
        .toList();
  }

  /** Renames the dataset in the stored event, keeping the producer's name as a symlink. */
  private static void rename(ObjectNode dataset, DatasetNode node) {
    String namespace = dataset.get("namespace").textValue();
    String name = dataset.get("name").textValue();
    if (namespace.equals(node.namespace()) && name.equals(node.name())) {
      return;
    }
    dataset.put("namespace", node.namespace());
    dataset.put("name", node.name());
    ObjectNode facets =
        dataset.get("facets") instanceof ObjectNode existing
            ? existing
            : dataset.putObject("facets");
    ObjectNode symlinks;
    if (facets.get("symlinks") instanceof ObjectNode existing
        && !existing.path("_deleted").asBoolean(false)) {
      symlinks = existing;
    } else {
      symlinks = facets.putObject("symlinks");
      symlinks.put("_producer", CATALOG_PRODUCER);
      symlinks.put("_schemaURL", SYMLINKS_SCHEMA);
    }
    ArrayNode identifiers =
        symlinks.get("identifiers") instanceof ArrayNode existing
            ? existing
            : symlinks.putArray("identifiers");
    identifiers
        .addObject()
        .put("namespace", namespace)
        .put("name", name)
        .put("type", PRODUCER_NAME);
  }

  private static String reference(String namespace, String name) {
    return namespace + '\u0000' + name;
  }

  private static ObjectNode objectOrNull(JsonNode node) {
    return node instanceof ObjectNode object ? object : null;
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String write(JsonNode node) {
    try {
      return LineageEventParser.TREE.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a lineage event as JSON", e);
    }
  }
}
