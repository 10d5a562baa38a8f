package io.heapcapture.sidecar.upload;

import io.heapcapture.sidecar.api.UploadedPart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keeps published parts in memory; can be told to fail at a given part. */
final class InMemoryPartPublisher implements PartPublisher {
  private final List<byte[]> parts = new ArrayList<>();
  private final List<UploadedPart> published = new ArrayList<>();
  private int failAtPart = Integer.MAX_VALUE;

  void failAtPart(int partNumber) {
    this.failAtPart = partNumber;
  }

  @Override
  public UploadedPart publish(int partNumber, byte[] data, int length) throws IOException {
    if (partNumber >= failAtPart) {
      throw new IOException("the store refused part " + partNumber);
    }
    // The caller reuses its buffer: keep a copy.
    parts.add(Arrays.copyOf(data, length));
    UploadedPart part = new UploadedPart(partNumber, "\"etag-" + partNumber + "\"", length);
    published.add(part);
    return part;
  }

  List<UploadedPart> published() {
    return published;
  }

  List<byte[]> parts() {
    return parts;
  }

  byte[] concatenated() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    parts.forEach(all::writeBytes);
    return all.toByteArray();
  }
}
