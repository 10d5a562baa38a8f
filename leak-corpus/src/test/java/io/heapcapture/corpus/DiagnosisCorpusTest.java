package io.heapcapture.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the corpus, run as its own process, dumped twice and diagnosed by the analyzer: the
 * first suspect must name the expected class and field (a leak), or there must be no strong suspect
 * (a control). One case, or a few: {@code -Dcorpus.case=name[,name…]}.
 */
class DiagnosisCorpusTest {
  private static final CorpusRunner RUNNER = CorpusRunner.fromSystemProperties();

  static Stream<Named<CorpusCase>> cases() {
    return Corpus.select(System.getProperty("corpus.case", "")).stream()
        .map(c -> Named.of(c.name(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firstSuspectIsTheLeak(CorpusCase c) throws Exception {
    assumeTrue(c.runtime() != CorpusCase.Runtime.NODE || nodeAvailable(), "no node on the PATH");
    CorpusRunner.Run run = RUNNER.run(c);
    try {
      Diagnosis.Verdict v;
      try {
        v = Diagnosis.diagnose(c, run.baseline(), run.later());
      } catch (Exception | OutOfMemoryError e) {
        throw new AssertionError(
            "case "
                + c.name()
                + ": the analyzer failed on its dumps (expected "
                + (c.kind() == CorpusCase.Kind.LEAK
                    ? c.expectedClass() + " in " + c.expectedField()
                    : "no strong suspect")
                + "): "
                + e,
            e);
      }
      System.out.printf(
          "[corpus] %s %s in %.1f s: %s%n",
          c.name(), v.passed() ? "PASS" : "FAIL", v.seconds(), v.firstSuspect());
      assertTrue(v.passed(), () -> v.explain() + (run.note().isEmpty() ? "" : run.note()));
    } finally {
      run.delete();
    }
  }

  private static boolean nodeAvailable() {
    try {
      return new ProcessBuilder("node", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
