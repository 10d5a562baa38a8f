package io.heapcapture.corpus.jvm.storefront;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A visitor's session: cart, recently viewed products, attributes set by the web layer. */
public final class ShopperSession {
  final String sessionId;
  final String userAgent;
  final Instant createdAt;
  volatile Instant lastSeen;
  final List<CartLine> cart = new ArrayList<>();
  final List<String> recentlyViewed = new ArrayList<>();
  final Map<String, Object> attributes = new HashMap<>();
  final byte[] csrfToken = new byte[32];
  boolean loggedOut;

  ShopperSession(String sessionId, String userAgent, Instant now) {
    this.sessionId = sessionId;
    this.userAgent = userAgent;
    this.createdAt = now;
    this.lastSeen = now;
    attributes.put("locale", "en-GB");
    attributes.put("currency", "EUR");
    attributes.put("abTestBucket", sessionId.hashCode() & 7);
    attributes.put("checkoutDraft", new byte[1536]);
    attributes.put("renderedBanner", new StringBuilder("<div class='banner'>").append(sessionId));
  }
}
