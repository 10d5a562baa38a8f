package io.heapcapture.analyzer.graph;

import java.util.Arrays;

/** An open-addressing map from long keys to non-negative int values, with no boxing. */
public final class LongIntMap {
  public static final int MISSING = -1;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  public LongIntMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(values, MISSING);
    mask = capacity - 1;
  }

  public int get(long key) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      if (values[i] == MISSING) {
        return MISSING;
      }
      if (keys[i] == key) {
        return values[i];
      }
    }
  }

  /** Sets the value of {@code key}; {@code value} must be {@code >= 0}. */
  public void put(long key, int value) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      if (values[i] == MISSING) {
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
          rehash();
        }
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  public int size() {
    return size;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void rehash() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(values, MISSING);
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != MISSING) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}
