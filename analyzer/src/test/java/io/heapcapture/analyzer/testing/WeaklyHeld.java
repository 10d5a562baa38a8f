package io.heapcapture.analyzer.testing;

import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A JVM whose big arrays are referred to through weak and soft references: some are also held
 * strongly elsewhere, one only weakly (it survives a dump taken with {@code -all}, which runs no
 * collection first).
 */
public final class WeaklyHeld {
  public static final int MIB = 1 << 20;

  /** A key of the weak map that carries its own payload. */
  public static final class Key {
    final byte[] payload = new byte[4 * MIB];
  }

  /** Holds the array of {@link #WEAK} strongly. */
  static final byte[] STRONG = new byte[8 * MIB];

  static final WeakReference<byte[]> WEAK = new WeakReference<>(STRONG);
  static final SoftReference<byte[]> SOFT = new SoftReference<>(STRONG);

  /** The keys of {@link #MAP}, held strongly; the map holds them only weakly. */
  static final List<Key> KEYS = List.of(new Key(), new Key());

  static final Map<Key, String> MAP = new WeakHashMap<>();

  /** The only reference to a 16 MiB array. */
  static WeakReference<byte[]> onlyWeak;

  private WeaklyHeld() {}

  public static void main(String[] args) throws Exception {
    for (Key k : KEYS) {
      MAP.put(k, "value");
    }
    System.gc();
    onlyWeak = new WeakReference<>(new byte[16 * MIB]); // after the last collection
    System.out.println(SyntheticHeap.READY);
    Thread.sleep(Long.MAX_VALUE);
  }
}
