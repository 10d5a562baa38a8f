package io.heapcapture.analyzer.hprof;

import java.util.Arrays;

/**
 * Finds the node number of an object id: the ids sorted, the node number of each sorted id, and a
 * directory of where each range of ids starts, so that a lookup is a binary search over a short
 * stretch. About 12 bytes per object and no object per object.
 */
final class ObjectIndex {
  private static final int NOT_FOUND = -1;

  private final long[] sorted;
  private final int[] nodeAt;
  private final long min;
  private final int shift;
  private final int[] directory;

  /** Indexes ids[0..count), where ids[i] is the id of node i. */
  ObjectIndex(long[] ids, int count) {
    sorted = Arrays.copyOf(ids, count);
    Arrays.parallelSort(sorted);
    nodeAt = new int[count];
    Arrays.fill(nodeAt, NOT_FOUND);
    min = count == 0 ? 0 : sorted[0];
    long span = count == 0 ? 0 : sorted[count - 1] - min;
    int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, count / 4)));
    int s = 0;
    while (s < 63 && Long.compareUnsigned(span >>> s, 1L << bits) >= 0) {
      s++;
    }
    shift = s;
    int buckets = (int) (span >>> shift) + 1;
    directory = new int[buckets + 1];
    for (int i = 0, b = 0; b <= buckets; b++) {
      while (i < count && ((sorted[i] - min) >>> shift) < b) {
        i++;
      }
      directory[b] = i;
    }
    for (int node = 0; node < count; node++) {
      int rank = rank(ids[node]);
      while (nodeAt[rank] != NOT_FOUND && rank + 1 < count && sorted[rank + 1] == ids[node]) {
        rank++; // a duplicate id (corrupt dump): each copy gets a rank, lookups find the first
      }
      nodeAt[rank] = node;
    }
  }

  /** The node of an object id, or -1 if the dump holds no such object. */
  int node(long id) {
    int rank = rank(id);
    return rank < 0 ? NOT_FOUND : nodeAt[rank];
  }

  private int rank(long id) {
    if (id < min) {
      return NOT_FOUND;
    }
    long bucketOf = (id - min) >>> shift; // unsigned: ids may span more than Long.MAX_VALUE
    if (Long.compareUnsigned(bucketOf, directory.length - 1) >= 0) {
      return NOT_FOUND;
    }
    int bucket = (int) bucketOf;
    int from = directory[bucket];
    int to = directory[bucket + 1];
    int rank = Arrays.binarySearch(sorted, from, to, id);
    if (rank < 0) {
      return NOT_FOUND;
    }
    while (rank > from && sorted[rank - 1] == id) {
      rank--;
    }
    return rank;
  }
}
