package io.heapcapture.corpus.jvm.documents;

/** Identifies one revision of one document. */
public record DocumentKey(String tenantId, String documentId, int revision) {}
