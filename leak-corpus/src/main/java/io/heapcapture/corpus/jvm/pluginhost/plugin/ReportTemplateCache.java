package io.heapcapture.corpus.jvm.pluginhost.plugin;

import java.util.HashMap;
import java.util.Map;

/** The plugin's compiled report templates, built when its class is first used. */
final class ReportTemplateCache {
  static final Map<String, byte[]> TEMPLATES = new HashMap<>();

  static {
    for (int i = 0; i < 64; i++) {
      TEMPLATES.put("report-" + i, new byte[16_384]);
    }
  }

  private ReportTemplateCache() {}

  static byte[] template(String name) {
    return TEMPLATES.getOrDefault(name, TEMPLATES.get("report-0"));
  }
}
