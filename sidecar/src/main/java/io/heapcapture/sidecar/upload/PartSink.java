package io.heapcapture.sidecar.upload;

import io.heapcapture.sidecar.api.UploadedPart;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An output stream that cuts what is written into parts of a fixed size and publishes each part as
 * soon as it is full; the last, shorter part goes out on close. Memory use is one part.
 */
final class PartSink extends OutputStream {
  private final PartPublisher publisher;
  private final byte[] buffer;
  private final List<UploadedPart> parts = new ArrayList<>();
  private int filled;
  private boolean closed;

  PartSink(PartPublisher publisher, int partSize) {
    this.publisher = publisher;
    this.buffer = new byte[partSize];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    while (length > 0) {
      int n = Math.min(length, buffer.length - filled);
      System.arraycopy(data, offset, buffer, filled, n);
      filled += n;
      offset += n;
      length -= n;
      if (filled == buffer.length) {
        publish();
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    // An empty object still needs one (empty) part to complete the upload.
    if (filled > 0 || parts.isEmpty()) {
      publish();
    }
  }

  List<UploadedPart> parts() {
    return List.copyOf(parts);
  }

  private void publish() throws IOException {
    parts.add(publisher.publish(parts.size() + 1, buffer, filled));
    filled = 0;
  }
}
