package io.heapcapture.corpus.jvm.imaging;

/** An encoded thumbnail. */
public record Thumbnail(String imageId, int size, byte[] jpeg) {}
