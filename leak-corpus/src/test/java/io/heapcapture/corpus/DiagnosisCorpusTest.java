package io.heapcapture.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the corpus, run as its own process, dumped twice and diagnosed by the analyzer: the
 * first suspect must name the expected class and field (a leak), or there must be no strong suspect
 * (a control). One case only: {@code -Dcorpus.case=name}.
 */
class DiagnosisCorpusTest {
  private static final CorpusRunner RUNNER = CorpusRunner.fromSystemProperties();

  static Stream<Named<CorpusCase>> cases() {
    String only = System.getProperty("corpus.case", "");
    List<CorpusCase> all = Corpus.all();
    if (only.isBlank()) {
      return all.stream().map(c -> Named.of(c.name(), c));
    }
    List<CorpusCase> chosen = all.stream().filter(c -> c.name().equals(only)).toList();
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(
          "no case named "
              + only
              + "; the cases are "
              + all.stream().map(CorpusCase::name).toList());
    }
    return chosen.stream().map(c -> Named.of(c.name(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firstSuspectIsTheLeak(CorpusCase c) throws Exception {
    assumeTrue(c.runtime() != CorpusCase.Runtime.NODE || nodeAvailable(), "no node on the PATH");
    CorpusRunner.Run run = RUNNER.run(c);
    try {
      Diagnosis.Verdict v = Diagnosis.diagnose(c, run.baseline(), run.later());
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
