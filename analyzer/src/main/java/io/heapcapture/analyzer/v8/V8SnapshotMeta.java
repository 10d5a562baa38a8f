package io.heapcapture.analyzer.v8;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of one snapshot, from its {@code snapshot} section: where each needed field sits in a
 * row of the flat {@code nodes} and {@code edges} arrays, the names of the type codes, and the
 * declared counts that bound what the rest of the file may hold.
 *
 * @param nodeFieldCount values per node row
 * @param edgeFieldCount values per edge row
 * @param nodeTypes node type names by type code ({@code object}, {@code string}, ...)
 * @param edgeTypes edge type names by type code ({@code property}, {@code weak}, ...)
 * @param nodeCount declared number of nodes
 * @param edgeCount declared number of edges
 * @param rootOrdinal the synthetic root node (V8 puts it first; {@code snapshot.root_index} may
 *     move it)
 */
record V8SnapshotMeta(
    int nodeFieldCount,
    int nodeTypeAt,
    int nodeNameAt,
    int nodeIdAt,
    int nodeSelfSizeAt,
    int nodeEdgeCountAt,
    int edgeFieldCount,
    int edgeTypeAt,
    int edgeNameOrIndexAt,
    int edgeToNodeAt,
    List<String> nodeTypes,
    List<String> edgeTypes,
    int nodeCount,
    int edgeCount,
    int rootOrdinal) {

  // Types are kept in a byte per node or edge; V8 has 16 node and 7 edge types.
  private static final int MAX_TYPES = 127;
  // Java arrays and HeapGraph indices are ints.
  private static final long MAX_COUNT = Integer.MAX_VALUE - 8;

  /** A meta that does not describe a readable snapshot; the message names the field. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** The code of a node type, or -1 when this snapshot has no such type. */
  int nodeTypeCode(String name) {
    return nodeTypes.indexOf(name);
  }

  /** The code of an edge type, or -1 when this snapshot has no such type. */
  int edgeTypeCode(String name) {
    return edgeTypes.indexOf(name);
  }

  /** Parses and checks the {@code snapshot} section. */
  static V8SnapshotMeta parse(JsonNode snapshot) throws Invalid {
    if (!snapshot.isObject()) {
      throw new Invalid("snapshot: expected an object");
    }
    JsonNode meta = snapshot.path("meta");
    if (!meta.isObject()) {
      throw new Invalid("snapshot.meta: missing");
    }
    List<String> nodeFields = names(meta, "node_fields");
    List<String> edgeFields = names(meta, "edge_fields");
    int nodeTypeAt = fieldIndex(nodeFields, "node_fields", "type");
    int edgeTypeAt = fieldIndex(edgeFields, "edge_fields", "type");
    List<String> nodeTypes = typeNames(meta, "node_types", nodeTypeAt);
    List<String> edgeTypes = typeNames(meta, "edge_types", edgeTypeAt);
    long nodeCount = count(snapshot, "node_count");
    long edgeCount = count(snapshot, "edge_count");
    if (nodeCount == 0) {
      throw new Invalid("snapshot.node_count: 0, but a snapshot has at least its root");
    }
    int rootOrdinal = 0;
    if (snapshot.has("root_index")) {
      long rootIndex = count(snapshot, "root_index");
      if (rootIndex % nodeFields.size() != 0 || rootIndex / nodeFields.size() >= nodeCount) {
        throw new Invalid(
            "snapshot.root_index: " + rootIndex + " is not the start of one of the nodes");
      }
      rootOrdinal = (int) (rootIndex / nodeFields.size());
    }
    return new V8SnapshotMeta(
        nodeFields.size(),
        nodeTypeAt,
        fieldIndex(nodeFields, "node_fields", "name"),
        fieldIndex(nodeFields, "node_fields", "id"),
        fieldIndex(nodeFields, "node_fields", "self_size"),
        fieldIndex(nodeFields, "node_fields", "edge_count"),
        edgeFields.size(),
        edgeTypeAt,
        fieldIndex(edgeFields, "edge_fields", "name_or_index"),
        fieldIndex(edgeFields, "edge_fields", "to_node"),
        nodeTypes,
        edgeTypes,
        (int) nodeCount,
        (int) edgeCount,
        rootOrdinal);
  }

  private static List<String> names(JsonNode meta, String field) throws Invalid {
    JsonNode array = meta.path(field);
    if (!array.isArray() || array.isEmpty() || array.size() > 64) {
      throw new Invalid("snapshot.meta." + field + ": expected 1 to 64 field names");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode name : array) {
      if (!name.isTextual()) {
        throw new Invalid("snapshot.meta." + field + ": expected only strings");
      }
      names.add(name.textValue());
    }
    return List.copyOf(names);
  }

  private static int fieldIndex(List<String> fields, String where, String field) throws Invalid {
    int index = fields.indexOf(field);
    if (index < 0) {
      throw new Invalid("snapshot.meta." + where + ": no '" + field + "' field");
    }
    return index;
  }

  private static List<String> typeNames(JsonNode meta, String field, int typeAt) throws Invalid {
    JsonNode types = meta.path(field).path(typeAt);
    if (!types.isArray() || types.size() > MAX_TYPES) {
      throw new Invalid(
          "snapshot.meta."
              + field
              + "["
              + typeAt
              + "]: expected a list of at most "
              + MAX_TYPES
              + " type names");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode name : types) {
      if (!name.isTextual()) {
        throw new Invalid("snapshot.meta." + field + ": type names must be strings");
      }
      names.add(name.textValue());
    }
    return List.copyOf(names);
  }

  private static long count(JsonNode snapshot, String field) throws Invalid {
    JsonNode value = snapshot.path(field);
    if (!value.canConvertToExactIntegral()
        || !value.canConvertToLong()
        || value.longValue() < 0
        || value.longValue() > MAX_COUNT) {
      throw new Invalid(
          "snapshot."
              + field
              + ": expected an integer from 0 to "
              + MAX_COUNT
              + ", found "
              + value);
    }
    return value.longValue();
  }
}
