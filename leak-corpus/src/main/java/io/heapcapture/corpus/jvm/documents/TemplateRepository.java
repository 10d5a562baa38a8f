package io.heapcapture.corpus.jvm.documents;

import java.util.HashMap;
import java.util.Map;

/** All templates of all tenants, loaded at start-up. */
public final class TemplateRepository {
  private final Map<String, DocumentTemplate> templates = new HashMap<>();

  TemplateRepository(int count) {
    String[] locales = {"de-DE", "en-GB", "fr-FR", "it-IT", "es-ES"};
    for (int i = 0; i < count; i++) {
      Map<String, String> labels = new HashMap<>();
      for (int l = 0; l < 20; l++) {
        labels.put("label." + l, "Label " + l + " of template " + i);
      }
      String name = "template-" + i;
      templates.put(
          name,
          new DocumentTemplate(
              name, locales[i % locales.length], new byte[20_000], new byte[4_000], labels));
    }
  }

  DocumentTemplate find(int i) {
    return templates.get("template-" + Math.floorMod(i, templates.size()));
  }
}
