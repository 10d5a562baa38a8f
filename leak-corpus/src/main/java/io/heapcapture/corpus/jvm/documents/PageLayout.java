package io.heapcapture.corpus.jvm.documents;

/** The laid-out glyph runs of one page. */
public record PageLayout(int pageNumber, float[] glyphPositions) {}
