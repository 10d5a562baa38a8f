package io.heapcapture.corpus;

import java.util.List;

/** Cases of the corpus (placeholder, filled later). */
public final class FrameworkScenarios {
  private FrameworkScenarios() {}

  public static List<CorpusCase> cases() {
    return List.of();
  }
}
