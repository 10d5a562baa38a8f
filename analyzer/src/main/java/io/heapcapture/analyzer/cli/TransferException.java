package io.heapcapture.analyzer.cli;

import java.io.IOException;

/**
 * A download or upload that failed for good. The message is one line, names the URL without its
 * query string (presigned signatures are credentials) and, when there was one, the HTTP status.
 */
final class TransferException extends IOException {
  private static final long serialVersionUID = 1L;

  TransferException(String message) {
    super(message);
  }
}
