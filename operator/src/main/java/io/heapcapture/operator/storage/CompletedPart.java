package io.heapcapture.operator.storage;

/** A part that was stored, as needed to complete the upload. */
public record CompletedPart(int partNumber, String etag) {}
