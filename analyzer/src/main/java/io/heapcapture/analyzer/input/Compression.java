package io.heapcapture.analyzer.input;

/** How a dump file is compressed, as detected from its first bytes. */
public enum Compression {
  NONE,
  /** gzip, including the concatenated members the JVM writes with {@code GC.heap_dump -gz=N}. */
  GZIP,
  ZSTD;

  /** The compression whose magic number starts {@code head}; {@link #NONE} if there is none. */
  static Compression detect(byte[] head, int length) {
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (length >= 4
        && (head[0] & 0xff) == 0x28
        && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }
}
