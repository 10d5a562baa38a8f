package io.heapcapture.analyzer.v8;

/**
 * The class of a snapshot node, as Chrome DevTools' summary view groups nodes: JS objects and
 * native (embedder) objects by their constructor or native class name, closures as {@code
 * Function}, regular expressions as {@code RegExp}, V8-internal objects as {@code (system)},
 * compiled code as {@code (compiled code)}, everything else by its node type in parentheses ({@code
 * (string)}, {@code (array)}, {@code (concatenated string)}, {@code (object shape)}, ...).
 */
final class V8ClassNames {
  private V8ClassNames() {}

  /** Whether nodes of this type are grouped by their name (otherwise by their type alone). */
  static boolean namedByNode(String nodeType) {
    return "object".equals(nodeType) || "native".equals(nodeType);
  }

  /**
   * The class name of a node.
   *
   * @param nodeName the node's name; only looked at when {@link #namedByNode} holds
   */
  static String of(String nodeType, String nodeName) {
    return switch (nodeType) {
      case "object", "native" -> nodeName;
      case "hidden" -> "(system)";
      case "code" -> "(compiled code)";
      case "closure" -> "Function";
      case "regexp" -> "RegExp";
      default -> "(" + nodeType + ")";
    };
  }
}
