package io.heapcapture.operator.analysis;

import java.time.Duration;
import java.util.Map;

/**
 * Operator-wide settings of analyzer Jobs.
 *
 * @param image the analyzer image; its jar is at {@link AnalysisJobTemplate#ANALYZER_JAR}
 * @param ttlAfterFinished how long a finished Job (and so its logs) is kept
 */
public record AnalyzerSettings(String image, Duration ttlAfterFinished) {
  public static final String DEFAULT_IMAGE = "heapcapture/analyzer:0.1.0";

  public static AnalyzerSettings defaults() {
    return new AnalyzerSettings(DEFAULT_IMAGE, Duration.ofHours(24));
  }

  /** From {@code HEAPCAPTURE_ANALYZER_IMAGE}, with the defaults for what is unset. */
  public static AnalyzerSettings fromEnvironment(Map<String, String> env) {
    String image = env.getOrDefault("HEAPCAPTURE_ANALYZER_IMAGE", "").strip();
    return new AnalyzerSettings(
        image.isEmpty() ? DEFAULT_IMAGE : image, defaults().ttlAfterFinished());
  }
}
