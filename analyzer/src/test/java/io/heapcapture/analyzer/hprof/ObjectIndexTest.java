package io.heapcapture.analyzer.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ObjectIndexTest {

  @Test
  void findsEveryNodeAndNothingElse() {
    Random random = new Random(42);
    for (int round = 0; round < 50; round++) {
      int count = random.nextInt(5000);
      long[] ids = new long[count];
      long base = random.nextBoolean() ? 0x7_0000_0000L : random.nextLong() >>> 1;
      for (int i = 0; i < count; i++) {
        ids[i] = base + 8L * random.nextInt(round % 2 == 0 ? 1 << 20 : 1 << 30);
      }
      java.util.Arrays.sort(ids);
      for (int i = 1; i < count; i++) { // unique ids, in a random order
        if (ids[i] <= ids[i - 1]) {
          ids[i] = ids[i - 1] + 8;
        }
      }
      shuffle(ids, random);
      ObjectIndex index = new ObjectIndex(ids, count);
      for (int node = 0; node < count; node++) {
        assertThat(index.node(ids[node])).isEqualTo(node);
        assertThat(index.node(ids[node] + 1)).isEqualTo(-1);
      }
      assertThat(index.node(base - 8)).isEqualTo(-1);
      assertThat(index.node(Long.MAX_VALUE)).isEqualTo(-1);
    }
  }

  @Test
  void idsSpanningMoreThanLongMaxValue() {
    long[] ids = {-8, 16, Long.MIN_VALUE, Long.MAX_VALUE - 7, 0};
    ObjectIndex index = new ObjectIndex(ids, ids.length);
    for (int node = 0; node < ids.length; node++) {
      assertThat(index.node(ids[node])).isEqualTo(node);
    }
    assertThat(index.node(8)).isEqualTo(-1);
  }

  @Test
  void duplicateIdsOfACorruptDumpDoNotBreakIt() {
    long[] ids = {16, 8, 16, 24};
    ObjectIndex index = new ObjectIndex(ids, ids.length);
    assertThat(index.node(8)).isEqualTo(1);
    assertThat(index.node(16)).isIn(0, 2);
    assertThat(index.node(24)).isEqualTo(3);
  }

  private static void shuffle(long[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
