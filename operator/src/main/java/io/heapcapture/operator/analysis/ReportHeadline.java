package io.heapcapture.operator.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.ClassGrowthSummary;
import io.heapcapture.api.v1alpha1.SuspectSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the headline of an analysis report (schema {@code heapcapture.io/analysis-report/v1}, see
 * docs/analysis-report.md) into status: the reachable heap, its growth, the top suspects and the
 * classes that grew most. The operator reads the report as data; it does not link the analyzer.
 */
public final class ReportHeadline {
  public static final String SCHEMA = "heapcapture.io/analysis-report/v1";
  static final int MAX_SUSPECTS = 3;
  static final int MAX_GROWTH = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportHeadline() {}

  /** Fills {@code status} from the report; throws when it is not a report this operator knows. */
  public static void fill(AnalysisStatus status, byte[] report) throws UnreadableReportException {
    JsonNode root;
    try {
      root = JSON.readTree(report);
    } catch (IOException e) {
      throw new UnreadableReportException("the report is not JSON: " + e.getMessage());
    }
    if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
      throw new UnreadableReportException(
          "the report's schema is '" + root.path("schema").asText() + "', not " + SCHEMA);
    }
    long reachable = root.path("heap").path("reachableBytes").asLong();
    status.setReachableBytes(reachable);
    JsonNode baseline = root.path("baselineHeap");
    status.setReachableGrowthBytes(
        baseline.isObject() ? reachable - baseline.path("reachableBytes").asLong() : null);
    status.setSuspects(suspects(root.path("suspects")));
    status.setTopGrowth(growth(root.path("diff").path("classes")));
  }

  private static List<SuspectSummary> suspects(JsonNode suspects) {
    List<SuspectSummary> top = new ArrayList<>();
    for (JsonNode s : suspects) {
      if (top.size() == MAX_SUSPECTS) {
        break;
      }
      SuspectSummary summary = new SuspectSummary();
      summary.setRank(s.path("rank").asInt());
      summary.setConfidence(s.path("confidence").asText(null));
      summary.setClassName(s.path("className").asText(null));
      summary.setHolder(s.path("holder").asText(null));
      summary.setRetainedBytes(s.path("retainedBytes").asLong());
      summary.setGrowthBytes(s.path("growthBytes").asLong());
      summary.setSentence(s.path("sentence").asText(null));
      top.add(summary);
    }
    return top;
  }

  private static List<ClassGrowthSummary> growth(JsonNode classes) {
    List<ClassGrowthSummary> top = new ArrayList<>();
    for (JsonNode c : classes) {
      long bytes = c.path("bytesAfter").asLong() - c.path("bytesBefore").asLong();
      if (bytes <= 0) {
        continue;
      }
      if (top.size() == MAX_GROWTH) {
        break;
      }
      ClassGrowthSummary summary = new ClassGrowthSummary();
      summary.setClassName(c.path("className").asText(null));
      summary.setInstances(c.path("instancesAfter").asLong() - c.path("instancesBefore").asLong());
      summary.setBytes(bytes);
      top.add(summary);
    }
    return top.isEmpty() ? null : top;
  }

  /** A report that cannot be read. */
  public static final class UnreadableReportException extends Exception {
    public UnreadableReportException(String message) {
      super(message);
    }
  }
}
