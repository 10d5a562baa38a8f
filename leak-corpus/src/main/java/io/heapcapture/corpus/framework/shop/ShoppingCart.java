package io.heapcapture.corpus.framework.shop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The cart of one shopping session: what accumulates in {@link CartService#cartsBySession}. */
public final class ShoppingCart {
  private final String sessionId;
  private final Instant createdAt = Instant.now();
  private volatile Instant lastTouched = createdAt;
  private final List<CartLine> lines = new ArrayList<>();
  private final Map<String, String> attributes = new HashMap<>();

  public ShoppingCart(String sessionId, String userAgent, String referrer) {
    this.sessionId = sessionId;
    attributes.put("userAgent", userAgent);
    attributes.put("referrer", referrer);
  }

  public synchronized void add(CartLine line) {
    lines.add(line);
    lastTouched = Instant.now();
  }

  public synchronized List<CartLine> lines() {
    return List.copyOf(lines);
  }

  public synchronized long totalCents() {
    long total = 0;
    for (CartLine l : lines) {
      total += l.getUnitPriceCents() * l.getQuantity();
    }
    return total;
  }

  public String getSessionId() {
    return sessionId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getLastTouched() {
    return lastTouched;
  }
}
