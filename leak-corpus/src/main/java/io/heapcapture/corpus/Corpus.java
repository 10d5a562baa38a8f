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

  /**
   * The cases named in {@code names} (comma-separated), in corpus order; all of them when it is
   * blank.
   *
   * @throws IllegalArgumentException for a name that is no case's
   */
  public static List<CorpusCase> select(String names) {
    List<CorpusCase> all = all();
    if (names == null || names.isBlank()) {
      return all;
    }
    java.util.Set<String> wanted = new java.util.LinkedHashSet<>();
    for (String n : names.split(",")) {
      if (!n.isBlank()) {
        wanted.add(n.strip());
      }
    }
    List<String> known = all.stream().map(CorpusCase::name).toList();
    for (String n : wanted) {
      if (!known.contains(n)) {
        throw new IllegalArgumentException("no case named " + n + "; the cases are " + known);
      }
    }
    return all.stream().filter(c -> wanted.contains(c.name())).toList();
  }
}
