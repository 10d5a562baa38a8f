package io.heapcapture.corpus.jvm.documents;

import java.util.List;

/** A rendered PDF with its layout; it remembers which key it was rendered for. */
public final class RenderedDocument {
  final DocumentKey key;
  final byte[] pdf;
  final List<PageLayout> pages;
  final long renderedAtMillis;

  RenderedDocument(DocumentKey key, byte[] pdf, List<PageLayout> pages) {
    this.key = key;
    this.pdf = pdf;
    this.pages = pages;
    this.renderedAtMillis = System.currentTimeMillis();
  }
}
