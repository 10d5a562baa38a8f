package io.heapcapture.sidecar.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * One JVM's hsperfdata file, read whole into a reused buffer on each sample. The JVM keeps the file
 * mapped and updates it in place; a short read each time (rather than our own long-lived mapping)
 * means a vanished JVM or a replaced file is seen at once and nothing stays mapped.
 */
final class HsperfdataFile {
  // HotSpot's default PerfDataMemorySize is 64 KiB; grown on demand for larger settings.
  private static final int INITIAL_CAPACITY = 64 * 1024;
  // A PerfData region is a few hundred KiB at most; refuse anything that does not look like one.
  private static final int MAX_SIZE = 16 * 1024 * 1024;

  private final Path path;
  private final PerfCounters counters = new PerfCounters();
  private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_CAPACITY);

  HsperfdataFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** Reads the file now and returns its counters (the same instance every time). */
  PerfCounters sample() throws IOException, PerfDataFormatException {
    // The app container owns /tmp: a link would lead into the sidecar's own filesystem, and a FIFO
    // would block the open for good.
    if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .isRegularFile()) {
      throw new PerfDataFormatException(path + " is not a regular file");
    }
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      if (size > MAX_SIZE) {
        throw new PerfDataFormatException("hsperfdata file too large: " + size + " bytes");
      }
      if (size > buffer.capacity()) {
        buffer = ByteBuffer.allocate((int) size);
      }
      buffer.clear();
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read until the buffer is full or the file ends
      }
      counters.load(buffer, buffer.position());
      return counters;
    }
  }
}
