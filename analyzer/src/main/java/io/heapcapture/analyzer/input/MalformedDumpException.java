package io.heapcapture.analyzer.input;

import java.io.IOException;

/**
 * The dump is of a known format but truncated or corrupted. {@link #offset()} is the position in
 * the decompressed content where reading failed.
 */
public final class MalformedDumpException extends IOException {
  private final long offset;

  public MalformedDumpException(String message, long offset) {
    this(message, offset, null);
  }

  public MalformedDumpException(String message, long offset, Throwable cause) {
    super(message + " (at byte offset " + offset + ")", cause);
    this.offset = offset;
  }

  /** Byte offset in the decompressed content where the problem was found. */
  public long offset() {
    return offset;
  }
}
