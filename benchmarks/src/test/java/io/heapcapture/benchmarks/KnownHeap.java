package io.heapcapture.benchmarks;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A JVM with a heap whose shape the comparison knows: a leak (a static {@code ArrayList} of {@link
 * Leaked} objects with 1 KiB payloads), a big {@code HashMap}, arrays held both strongly and
 * through weak references, and one class defined by three class loaders. Prints {@code ready} once
 * built and collected, then sleeps.
 */
public final class KnownHeap {
  static final int LEAKED = 20_000;
  static final int PAYLOAD = 1024;
  static final int CACHED = 50_000;
  static final int PER_LOADER = 300;

  /** What leaks. */
  public static final class Leaked {
    final int number;
    final byte[] payload = new byte[PAYLOAD];

    Leaked(int number) {
      this.number = number;
    }
  }

  /** Holds the leak. */
  static final class Leak {
    static final List<Leaked> SESSIONS = new ArrayList<>();
  }

  /** Holds the map. */
  static final class Cache {
    static final Map<Integer, String> BY_KEY = new HashMap<>();
  }

  /** Arrays held strongly, and also weakly. */
  static final class Weak {
    static final byte[] STRONG = new byte[2 << 20];
    static final WeakReference<byte[]> REF = new WeakReference<>(STRONG);
    static final List<Object> KEYS = new ArrayList<>();
    static final Map<Object, byte[]> MAP = new WeakHashMap<>();
  }

  /** One instance per loaded copy of a class, for the class-loader comparison. */
  public static final class Item {
    final long[] values = new long[4];
  }

  static final List<Object> ITEMS = new ArrayList<>();
  static final List<ClassLoader> LOADERS = new ArrayList<>();

  /** A second kind of loader, so that each copy of {@link Item} has a loader class of its own. */
  static final class OtherLoader extends URLClassLoader {
    OtherLoader(URL[] urls) {
      super(urls, null);
    }
  }

  private KnownHeap() {}

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < LEAKED; i++) {
      Leak.SESSIONS.add(new Leaked(i));
    }
    for (int i = 0; i < CACHED; i++) {
      Cache.BY_KEY.put(i, "value-" + i);
    }
    for (int i = 0; i < 10; i++) {
      Object key = new Object();
      Weak.KEYS.add(key);
      Weak.MAP.put(key, new byte[10_000]);
    }
    URL classes = KnownHeap.class.getProtectionDomain().getCodeSource().getLocation();
    ClassLoader[] loaders = {
      KnownHeap.class.getClassLoader(),
      new URLClassLoader(new URL[] {classes}, null),
      new OtherLoader(new URL[] {classes})
    };
    for (ClassLoader loader : loaders) {
      Class<?> item = Class.forName(Item.class.getName(), true, loader);
      for (int i = 0; i < PER_LOADER; i++) {
        ITEMS.add(item.getDeclaredConstructor().newInstance());
      }
      LOADERS.add(loader);
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    System.out.println("ready");
    Thread.sleep(Long.MAX_VALUE);
  }
}
