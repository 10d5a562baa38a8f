package io.heapcapture.corpus.jvm.documents;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Rendered documents by key, "weakly" so that they go when nobody uses the key any more. They never
 * go: each value strongly references its own key, so no key ever becomes weakly reachable.
 */
public final class RenderCache {
  private final Map<DocumentKey, RenderedDocument> renderedByKey =
      Collections.synchronizedMap(new WeakHashMap<>());

  RenderedDocument get(DocumentKey key) {
    return renderedByKey.get(key);
  }

  void put(RenderedDocument document) {
    renderedByKey.put(document.key, document);
  }

  int size() {
    return renderedByKey.size();
  }
}
