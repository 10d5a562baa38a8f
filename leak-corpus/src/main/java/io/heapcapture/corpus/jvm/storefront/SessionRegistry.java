package io.heapcapture.corpus.jvm.storefront;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web layer's session store. The bug: sessions leave it only on logout; the reaper that should
 * expire idle sessions was written against {@code loggedOut} instead of {@code lastSeen}.
 */
public final class SessionRegistry {
  private final Map<String, ShopperSession> sessions = new ConcurrentHashMap<>();

  ShopperSession open(String sessionId, String userAgent) {
    return sessions.computeIfAbsent(
        sessionId, id -> new ShopperSession(id, userAgent, Instant.now()));
  }

  ShopperSession find(String sessionId) {
    return sessions.get(sessionId);
  }

  void logout(String sessionId) {
    ShopperSession s = sessions.get(sessionId);
    if (s != null) {
      s.loggedOut = true;
    }
  }

  /** Runs every second on the scheduler. */
  void reap() {
    sessions.values().removeIf(s -> s.loggedOut);
  }

  int size() {
    return sessions.size();
  }
}
