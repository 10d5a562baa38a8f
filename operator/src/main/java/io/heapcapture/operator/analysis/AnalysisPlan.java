package io.heapcapture.operator.analysis;

import java.time.Duration;

/**
 * Everything one analyzer Job needs, decided before it is created.
 *
 * @param name name of the Job and of its Secret
 * @param memory the container's memory limit (and request), e.g. {@code 1536Mi}
 * @param scratchBytes size limit of the scratch volume the dumps are downloaded to
 * @param timeout the Job's active deadline
 * @param dumpUrl presigned GET of the dump
 * @param baselineUrl presigned GET of the baseline dump, or null
 * @param reportJsonUrl presigned PUT of the JSON report
 * @param reportMarkdownUrl presigned PUT of the Markdown report
 */
public record AnalysisPlan(
    String name,
    String memory,
    long scratchBytes,
    Duration timeout,
    String dumpUrl,
    String baselineUrl,
    String reportJsonUrl,
    String reportMarkdownUrl) {
  @Override
  public String toString() {
    // The URLs are credentials: keep them out of logs.
    return "AnalysisPlan[" + name + ", memory " + memory + "]";
  }
}
