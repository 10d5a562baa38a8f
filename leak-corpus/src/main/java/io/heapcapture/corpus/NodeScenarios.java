package io.heapcapture.corpus;

import java.util.List;

/** Cases of the corpus (placeholder, filled later). */
public final class NodeScenarios {
  private NodeScenarios() {}

  public static List<CorpusCase> cases() {
    return List.of();
  }
}
