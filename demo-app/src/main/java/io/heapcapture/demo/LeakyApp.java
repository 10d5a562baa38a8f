package io.heapcapture.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small service with a classic leak: every "request" registers a session in a static cache and
 * nobody ever evicts it. The heap grows steadily until the JVM runs out of memory, which is what
 * heapcapture is for.
 *
 * <p>Arguments: {@code [kilobytes leaked per second, default 512]}. Prints {@code leaky-demo ready}
 * once it is serving.
 */
public final class LeakyApp {
  private LeakyApp() {}

  public static void main(String[] args) throws InterruptedException {
    int kilobytesPerSecond = args.length > 0 ? Integer.parseInt(args[0]) : 512;
    SessionCache cache = new SessionCache();
    System.out.println("leaky-demo ready");
    System.out.flush();
    long served = 0;
    while (true) {
      for (int i = 0; i < 10; i++) {
        cache.remember(new Session(served++, kilobytesPerSecond * 1024 / 10));
      }
      Thread.sleep(1000);
    }
  }

  /** The leak: a cache with no eviction. */
  static final class SessionCache {
    private static final List<Session> SESSIONS = new ArrayList<>();

    void remember(Session session) {
      SESSIONS.add(session);
    }
  }

  /** One user session, holding its request payload. */
  static final class Session {
    private final long id;
    private final byte[] payload;
    private final String user;

    Session(long id, int bytes) {
      this.id = id;
      this.payload = new byte[bytes];
      ThreadLocalRandom.current().nextBytes(payload);
      this.user = "user-" + (id % 1000);
    }

    @Override
    public String toString() {
      return "Session[" + id + ", " + user + ", " + payload.length + " bytes]";
    }
  }
}
