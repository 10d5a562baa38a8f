package io.heapcapture.operator.analysis;

import io.heapcapture.operator.storage.ObjectLocation;

/**
 * Where a dump's reports go: beside the dump, {@code <stem>.report.json} and {@code
 * <stem>.report.md}, where the stem is the dump's key without {@code .hprof} (or {@code
 * .heapsnapshot}) and its compression suffix. The content types are part of the presigned PUT and
 * the analyzer sends them exactly.
 */
public final class ReportLayout {
  public static final String JSON_CONTENT_TYPE = "application/json";
  public static final String MARKDOWN_CONTENT_TYPE = "text/markdown; charset=utf-8";

  private ReportLayout() {}

  public static ObjectLocation json(ObjectLocation dump) {
    return new ObjectLocation(dump.bucket(), stem(dump.key()) + ".report.json");
  }

  public static ObjectLocation markdown(ObjectLocation dump) {
    return new ObjectLocation(dump.bucket(), stem(dump.key()) + ".report.md");
  }

  private static String stem(String key) {
    return key.replaceFirst("\\.(hprof|heapsnapshot)(\\.[A-Za-z0-9]+)?$", "");
  }
}
