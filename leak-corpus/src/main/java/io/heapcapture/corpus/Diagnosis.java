package io.heapcapture.corpus;

import io.heapcapture.analyzer.HeapAnalyzer;
import io.heapcapture.analyzer.Progress;
import io.heapcapture.analyzer.report.AnalysisReport;
import io.heapcapture.analyzer.report.ClassGrowth;
import io.heapcapture.analyzer.report.LeakSuspect;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The analyzer's diagnosis of one run (the later dump against the baseline) and the verdict on it.
 *
 * <p>A LEAK case passes when the first suspect's sentence names both the expected class and the
 * expected field, and no other suspect names the expected field again: one leak is reported once
 * (the same ThreadLocal leak in four pool threads is one finding, not four). A CONTROL passes when
 * there is no suspect, or every suspect is marked weak.
 */
public final class Diagnosis {
  /**
   * The verdict on one case.
   *
   * @param passed whether the diagnosis is right
   * @param suspects the analyzer's suspect sentences, first first
   * @param strongSuspects how many suspects are not marked weak
   * @param seconds how long the analysis took
   * @param heap the reachable heap of both dumps and the classes that grew most, one line
   * @param largestRetainer what a tool that names the largest retainer would say: the report's
   *     first top retainer (its class, what it mostly holds, and its path), the baseline of {@code
   *     dev/bench diagnosis}
   */
  public record Verdict(
      CorpusCase corpusCase,
      boolean passed,
      List<String> suspects,
      int strongSuspects,
      double seconds,
      String heap,
      String largestRetainer) {
    /** Whether naming the largest retainer would have named the leak (always wrong on controls). */
    public boolean largestRetainerRight() {
      CorpusCase c = corpusCase;
      return c.kind() == CorpusCase.Kind.LEAK
          && largestRetainer.contains(c.expectedClass())
          && largestRetainer.contains(c.expectedField());
    }

    public String firstSuspect() {
      return suspects.isEmpty() ? "(no suspect)" : suspects.get(0);
    }

    /** What a failure shows: the case, what was expected, and the top 3 suspects. */
    public String explain() {
      CorpusCase c = corpusCase;
      StringBuilder s = new StringBuilder();
      s.append("case ").append(c.name()).append(" (").append(c.kind()).append(", ");
      s.append(c.runtime()).append(c.runtime() == CorpusCase.Runtime.JVM ? " " + c.jdk() : "");
      s.append("): ").append(c.pattern()).append('\n');
      if (c.kind() == CorpusCase.Kind.LEAK) {
        s.append("expected the first suspect to name class ").append(c.expectedClass());
        s.append(" and field ").append(c.expectedField());
        s.append(", and no other suspect to name that field again\n");
      } else {
        s.append("expected no suspect, or only weak ones; got ").append(strongSuspects);
        s.append(" strong\n");
      }
      if (suspects.isEmpty()) {
        s.append("the analyzer named no suspect\n");
      }
      if (!heap.isEmpty()) {
        s.append(heap).append('\n');
      }
      for (int i = 0; i < Math.min(3, suspects.size()); i++) {
        s.append("suspect ").append(i + 1).append(": ").append(suspects.get(i)).append('\n');
      }
      return s.toString();
    }
  }

  private Diagnosis() {}

  /** Analyses {@code later} against {@code baseline} and judges the result for the case. */
  public static Verdict diagnose(CorpusCase c, Path baseline, Path later) throws Exception {
    long start = System.nanoTime();
    AnalysisReport report = new HeapAnalyzer().analyze(later, baseline, Progress.NONE);
    double seconds = (System.nanoTime() - start) / 1e9;
    Verdict v = judge(c, report.suspects(), seconds, heap(report));
    String largest =
        report.heap().topRetainers().stream()
            .findFirst()
            .map(r -> r.className() + " mostly " + r.heldClass() + " at " + r.pathText())
            .orElse("");
    return new Verdict(
        v.corpusCase(), v.passed(), v.suspects(), v.strongSuspects(), seconds, v.heap(), largest);
  }

  private static String heap(AnalysisReport report) {
    StringBuilder s = new StringBuilder();
    if (report.baselineHeap() != null) {
      s.append(String.format("reachable %.1f MiB, ", report.baselineHeap().reachableBytes() / MIB));
    }
    s.append(String.format("then %.1f MiB", report.heap().reachableBytes() / MIB));
    if (report.diff() != null) {
      s.append("; grew most:");
      report.diff().classes().stream()
          .sorted(Comparator.comparingLong(ClassGrowth::bytesDelta).reversed())
          .limit(3)
          .forEach(
              g ->
                  s.append(
                      String.format(
                          " %s %+d (%+.1f MiB);",
                          g.className(), g.instancesDelta(), g.bytesDelta() / MIB)));
    }
    return s.toString();
  }

  private static final double MIB = 1024.0 * 1024.0;

  static Verdict judge(CorpusCase c, List<LeakSuspect> suspects, double seconds, String heap) {
    List<String> sentences = suspects.stream().map(LeakSuspect::sentence).toList();
    int strong = (int) suspects.stream().filter(s -> !isWeak(s)).count();
    boolean passed;
    if (c.kind() == CorpusCase.Kind.LEAK) {
      String first = sentences.isEmpty() ? "" : sentences.get(0);
      long naming = sentences.stream().filter(t -> t.contains(c.expectedField())).count();
      passed =
          first.contains(c.expectedClass()) && first.contains(c.expectedField()) && naming <= 1;
    } else {
      passed = strong == 0;
    }
    return new Verdict(c, passed, sentences, strong, seconds, heap, "");
  }

  /**
   * Whether the analyzer marked a suspect as weak: {@code confidence} {@code low}, as
   * docs/analysis-report.md defines it (low: it grew less than 2% of the reachable heap or 10% of
   * its own earlier size). The {@link LeakSuspect} this module compiles against may not have that
   * field yet, so it is read by name: a component {@code confidence} or {@code strength} whose
   * value reads {@code low} or {@code weak}, or a boolean component {@code weak}. A suspect without
   * any of them is strong.
   */
  static boolean isWeak(LeakSuspect s) {
    for (RecordComponent rc : LeakSuspect.class.getRecordComponents()) {
      String name = rc.getName();
      if (!name.equals("weak") && !name.equals("confidence") && !name.equals("strength")) {
        continue;
      }
      try {
        Object value = rc.getAccessor().invoke(s);
        if (value instanceof Boolean b) {
          return b;
        }
        if (value != null) {
          String v = value.toString().toLowerCase(Locale.ROOT);
          if (v.equals("weak") || v.equals("low")) {
            return true;
          }
        }
      } catch (ReflectiveOperationException e) {
        return false;
      }
    }
    return false;
  }
}
