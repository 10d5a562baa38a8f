package io.heapcapture.corpus;

import io.heapcapture.analyzer.HeapAnalyzer;
import io.heapcapture.analyzer.Progress;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the whole corpus (or the case named by {@code -Dcorpus.case}) and prints the figures of
 * {@code dev/bench diagnosis} on stdout:
 *
 * <pre>
 * figure: diagnosis_top1 N/M            leak cases whose first suspect is right
 * figure: control_false_positives N/M   controls with a strong suspect
 * figure: real_app_dumps_opened N/M     dumps (two per case) the analyzer opened and analysed
 * figure: baseline_largest_retainer_top1 N/M   the same leaks, named by the largest retainer
 * </pre>
 *
 * <p>The baseline is what a tool that names the largest retainer (Eclipse MAT's biggest object,
 * followed down to its accumulation point) says on the same dumps, measured in the same run: the
 * report's first top retainer must name the class and the field. On a control it always names
 * something, so its false positives are all controls.
 *
 * <p>and one line per case on stderr: the case, its verdict, its first suspect and the seconds
 * taken.
 */
public final class DiagnosisBench {
  private DiagnosisBench() {}

  public static void main(String[] args) throws Exception {
    CorpusRunner runner = CorpusRunner.fromSystemProperties();
    String only = System.getProperty("corpus.case", "");
    List<CorpusCase> cases = Corpus.select(only);
    int leaks = 0;
    int leaksRight = 0;
    int controls = 0;
    int falsePositives = 0;
    int dumps = 0;
    int dumpsOpened = 0;
    int largestRight = 0;
    long corpusStart = System.nanoTime();
    for (CorpusCase c : cases) {
      long start = System.nanoTime();
      boolean leak = c.kind() == CorpusCase.Kind.LEAK;
      if (leak) {
        leaks++;
      } else {
        controls++;
      }
      dumps += 2;
      String verdict;
      String detail;
      CorpusCase.Runtime rt = c.runtime();
      CorpusRunner.Run run = null;
      try {
        run = runner.run(c);
        try {
          Diagnosis.Verdict v = Diagnosis.diagnose(c, run.baseline(), run.later());
          dumpsOpened += 2;
          if (leak && v.passed()) {
            leaksRight++;
          }
          if (v.largestRetainerRight()) {
            largestRight++;
          }
          if (!leak && !v.passed()) {
            falsePositives++;
          }
          verdict = v.passed() ? "PASS" : "FAIL";
          detail =
              v.firstSuspect()
                  + String.format("%n    analysis %.1f s; heap: %s", v.seconds(), v.heap());
        } catch (Exception | OutOfMemoryError e) {
          dumpsOpened += opened(run.baseline()) + opened(run.later());
          verdict = "ERROR";
          detail = "analysis failed: " + e;
          e.printStackTrace();
        }
        if (!run.note().isEmpty()) {
          detail = detail + " [" + run.note() + "]";
        }
      } catch (Exception e) {
        verdict = "ERROR";
        detail = "run failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        System.err.println(e.getMessage());
      } finally {
        if (run != null && Boolean.getBoolean("corpus.keep")) {
          System.err.println("kept " + run.dir());
        } else if (run != null) {
          run.delete();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.err.printf(
          "case %s %s %s %.1f s: %s%n",
          c.name(),
          rt == CorpusCase.Runtime.JVM ? "jdk" + c.jdk() : "node",
          verdict,
          seconds,
          detail);
    }
    System.err.printf(
        "corpus: %d cases in %.0f s%n", cases.size(), (System.nanoTime() - corpusStart) / 1e9);
    System.out.printf("figure: diagnosis_top1 %d/%d%n", leaksRight, leaks);
    System.out.printf("figure: control_false_positives %d/%d%n", falsePositives, controls);
    System.out.printf("figure: real_app_dumps_opened %d/%d%n", dumpsOpened, dumps);
    System.out.printf("figure: baseline_largest_retainer_top1 %d/%d%n", largestRight, leaks);
  }

  private static int opened(Path dump) {
    try {
      new HeapAnalyzer().summarize(dump, Progress.NONE);
      return 1;
    } catch (Exception | OutOfMemoryError e) {
      return 0;
    }
  }
}
