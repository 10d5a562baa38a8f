package io.heapcapture.analyzer.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetainedSizesTest {

  @Test
  void objectRetainsWhatItDominatesAndNotWhatItShares() {
    SmallHeap heap =
        new SmallHeap()
            .objects("Holder", 10, "R1", "R2")
            .objects("Data", 100, "Own", "Shared")
            .objects("Garbage", 1000, "Lost")
            .refs("R1>Own", "R1>Shared", "R2>Shared", "Lost>Own")
            .roots("R1", "R2");
    RetainedSizes sizes = retainedSizes(heap);

    assertThat(sizes.retainedSize(heap.node("R1"))).isEqualTo(110);
    assertThat(sizes.retainedSize(heap.node("R2"))).isEqualTo(10);
    assertThat(sizes.retainedSize(heap.node("Shared"))).isEqualTo(100);
    assertThat(sizes.retainedSize(heap.node("Lost"))).isZero();
    assertThat(sizes.reachableSize()).isEqualTo(220);
  }

  /** The nodes of a linked list dominate each other in a chain; the class counts the list once. */
  @Test
  void classRetainedSizeCountsNestedInstancesOnce() {
    int length = 1000;
    SmallHeap heap = new SmallHeap().objects("List", 24, "list");
    for (int i = 0; i < length; i++) {
      heap.objects("Node", 32, "node" + i).objects("Payload", 16, "payload" + i);
      heap.ref(i == 0 ? "list" : "node" + (i - 1), i == 0 ? "head" : "next", "node" + i);
      heap.ref("node" + i, "item", "payload" + i);
    }
    heap.roots("list");
    RetainedSizes sizes = retainedSizes(heap);

    assertThat(sizes.retainedSize(heap.node("node0"))).isEqualTo(length * (32 + 16));
    assertThat(sizes.classRetainedSize(heap.classIndex("Node"))).isEqualTo(length * (32 + 16));
    assertThat(sizes.classRetainedSize(heap.classIndex("Payload"))).isEqualTo(length * 16);
    assertThat(sizes.classRetainedSize(heap.classIndex("List"))).isEqualTo(24 + length * 48);
  }

  /** What two instances hold only together is retained by neither, so not by their class. */
  @Test
  void classRetainedSizeIsALowerBoundForObjectsSharedBetweenInstances() {
    SmallHeap heap =
        new SmallHeap()
            .objects("Session", 10, "s1", "s2")
            .objects("Buffer", 500, "shared")
            .objects("Root", 0, "root")
            .refs("root>s1", "root>s2", "s1>shared", "s2>shared")
            .roots("root");

    assertThat(retainedSizes(heap).classRetainedSize(heap.classIndex("Session"))).isEqualTo(20);
  }

  private static RetainedSizes retainedSizes(SmallHeap heap) {
    return RetainedSizes.compute(heap.graph(), DominatorTree.compute(heap.graph()));
  }
}
