package io.heapcapture.analyzer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;

/** Writes and reads the JSON report. */
public final class ReportJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static void write(AnalysisReport report, OutputStream out) throws IOException {
    JSON.writeValue(out, report);
  }

  public static byte[] toBytes(AnalysisReport report) throws IOException {
    return JSON.writeValueAsBytes(report);
  }

  public static AnalysisReport read(byte[] json) throws IOException {
    return JSON.readValue(json, AnalysisReport.class);
  }
}
