package io.heapcapture.analyzer.input;

import java.io.IOException;

/** The file is not a heap dump this analyzer reads; the message says what was found instead. */
public final class UnsupportedDumpException extends IOException {
  public UnsupportedDumpException(String message) {
    super(message);
  }
}
