package io.heapcapture.analyzer.report;

import java.util.List;

/**
 * Renders a GC-root path the way heap analysers print it: {@code static io.Cache.SESSIONS →
 * java.util.ArrayList.elementData → java.lang.Object[][12] → io.Session}.
 */
final class PathText {
  private static final String STATIC = "static ";

  private PathText() {}

  static String of(List<PathStep> path) {
    if (path.isEmpty()) {
      return "(unreachable)";
    }
    StringBuilder text = new StringBuilder();
    for (PathStep step : path) {
      if (text.length() > 0) {
        text.append(" → ");
      }
      String ref = step.reference();
      if (ref == null) {
        text.append(step.className());
      } else if (ref.startsWith(STATIC)) {
        text.append(STATIC)
            .append(step.className())
            .append('.')
            .append(ref.substring(STATIC.length()));
      } else if (ref.startsWith("[")) {
        text.append(step.className()).append(ref);
      } else {
        text.append(step.className()).append('.').append(ref);
      }
    }
    return text.toString();
  }

  /**
   * The path from the last static field on it, when there is one: a leak held by a static field is
   * best named by that field, not by the class loader that holds the class.
   */
  static List<PathStep> fromLastStatic(List<PathStep> path) {
    for (int i = path.size() - 1; i >= 0; i--) {
      String ref = path.get(i).reference();
      if (ref != null && ref.startsWith(STATIC)) {
        return path.subList(i, path.size());
      }
    }
    return path;
  }

  /** The path without array indexes, which differ between dumps of the same structure. */
  static String shape(List<PathStep> path) {
    StringBuilder s = new StringBuilder();
    for (PathStep step : path) {
      String ref = step.reference();
      s.append(step.className())
          .append('/')
          .append(ref == null ? "" : ref.startsWith("[") ? "[]" : ref)
          .append(';');
    }
    return s.toString();
  }
}
