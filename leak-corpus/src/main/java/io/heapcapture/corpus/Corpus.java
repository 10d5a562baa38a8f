package io.heapcapture.corpus;

import java.util.ArrayList;
import java.util.List;

/** Every case of the corpus: the plain JVM scenarios, the framework ones and the Node.js ones. */
public final class Corpus {
  private Corpus() {}

  public static List<CorpusCase> all() {
    List<CorpusCase> all = new ArrayList<>();
    all.addAll(JvmScenarios.cases());
    all.addAll(FrameworkScenarios.cases());
    all.addAll(NodeScenarios.cases());
    return List.copyOf(all);
  }
}
