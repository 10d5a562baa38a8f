package io.heapcapture.corpus;

import java.util.List;

/** Cases of the corpus (placeholder, filled later). */
public final class JvmScenarios {
  private JvmScenarios() {}

  public static List<CorpusCase> cases() {
    return List.of();
  }
}
