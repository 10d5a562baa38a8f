package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.report.Bytes;
import java.util.Locale;

/** The plain sentences of a report. */
final class Sentences {
  private Sentences() {}

  /**
   * E.g. "8000 com.example.Session objects (+6000 since the baseline) accumulate in one
   * java.util.ArrayList held by static com.example.Cache.SESSIONS: 7.3 MiB, 93% of the reachable
   * heap, grew by 5.3 MiB."
   */
  static String accumulation(
      long instances,
      Long newInstances,
      String className,
      long collections,
      String collectionClass,
      String holder,
      java.util.List<String> others,
      long retained,
      double share,
      Long growth) {
    StringBuilder s = new StringBuilder().append(instances).append(' ').append(className);
    s.append(instances == 1 ? " object" : " objects");
    if (newInstances != null) {
      s.append(String.format(Locale.ROOT, " (%+d since the baseline)", newInstances));
    }
    if (collectionClass == null) {
      s.append(instances == 1 ? " is a GC root" : " are GC roots");
    } else {
      s.append(instances == 1 ? " accumulates in " : " accumulate in ")
          .append(collections == 1 ? "one" : Long.toString(collections))
          .append(' ')
          .append(collectionClass)
          .append(" held by ")
          .append(holder);
      if (!others.isEmpty()) {
        s.append(" (also held by ").append(String.join(" and by ", others)).append(')');
      }
    }
    return size(s.append(": "), retained, share, growth);
  }

  /** E.g. "One char[] held by com.example.Log.buffer grew by 12.0 MiB: 20.0 MiB, 40% ...". */
  static String grown(
      long count, String className, String holder, long retained, double share, Long growth) {
    StringBuilder s =
        new StringBuilder()
            .append(count == 1 ? "One" : Long.toString(count))
            .append(' ')
            .append(className)
            .append(" held by ")
            .append(holder);
    s.append(growth != null ? ": " : count == 1 ? " retains " : " retain ");
    return size(s, retained, share, growth);
  }

  private static String size(StringBuilder s, long retained, double share, Long growth) {
    s.append(Bytes.human(retained))
        .append(String.format(Locale.ROOT, ", %.0f%% of the reachable heap", share * 100));
    if (growth != null) {
      s.append(growth > 0 ? ", grew by " + Bytes.human(growth) : ", no growth");
    }
    return s.append('.').toString();
  }
}
