package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.report.Bytes;
import io.heapcapture.analyzer.report.Retainer;
import java.util.Locale;

/** The plain sentences of a report. */
final class Sentences {
  private Sentences() {}

  static String suspect(Retainer r, double share, Double baselineShare, Long growth) {
    StringBuilder s =
        new StringBuilder()
            .append("One ")
            .append(r.className())
            .append(" retains ")
            .append(Bytes.human(r.retainedBytes()))
            .append(String.format(Locale.ROOT, " (%.0f%% of the reachable heap", share * 100));
    if (baselineShare != null && growth != null) {
      s.append(String.format(Locale.ROOT, "; %.0f%% in the baseline", baselineShare * 100));
      s.append(growth > 0 ? ", grew by " + Bytes.human(growth) : ", no growth");
    }
    s.append(')');
    if (r.heldClass() != null) {
      s.append(", mostly ")
          .append(r.heldInstances())
          .append(' ')
          .append(r.heldClass())
          .append(r.heldInstances() == 1 ? "" : " objects");
    }
    return s.append(", held by ").append(r.holderText()).append('.').toString();
  }
}
