package io.heapcapture.corpus.jvm.notifications;

import com.google.common.util.concurrent.RateLimiter;
import java.util.concurrent.atomic.AtomicLong;

/** The outgoing mail relay: its provider allows 300 messages a second. */
public final class SmtpRelay {
  private final RateLimiter limiter = RateLimiter.create(300);
  final AtomicLong sent = new AtomicLong();

  void send(String recipient, String subject, String body) {
    limiter.acquire();
    if (recipient.isEmpty() || subject.isEmpty() || body.isEmpty()) {
      throw new IllegalArgumentException("empty message");
    }
    sent.incrementAndGet();
  }
}
