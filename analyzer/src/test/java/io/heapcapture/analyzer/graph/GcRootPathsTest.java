package io.heapcapture.analyzer.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcRootPathsTest {
  private final SmallHeap heap =
      new SmallHeap()
          .objects("io.example.Cache", 64, "Cache")
          .objects("java.util.ArrayList", 24, "sessions")
          .objects("java.lang.Object[]", 80, "elementData")
          .objects("io.example.Session", 32, "session")
          .objects("java.lang.Thread", 120, "thread")
          .objects("io.example.Detour", 16, "d1", "d2", "d3")
          .objects("io.example.Orphan", 16, "orphan")
          .ref("Cache", "static SESSIONS", "sessions")
          .ref("sessions", "elementData", "elementData")
          .ref("elementData", "[12]", "session")
          .ref("thread", "target", "d1")
          .ref("d1", "next", "d2")
          .ref("d2", "next", "d3")
          .ref("d3", "session", "session")
          .ref("orphan", "session", "session")
          .roots("thread", "Cache");

  @Test
  void shortestPathNamesFieldsStaticsAndArraySlots() {
    GcRootPaths paths = GcRootPaths.compute(heap.graph());

    assertThat(paths.describePathTo(heap.node("session")))
        .isEqualTo(
            "static io.example.Cache.SESSIONS → java.util.ArrayList.elementData"
                + " → java.lang.Object[][12] → io.example.Session");
    assertThat(paths.pathTo(heap.node("session")))
        .extracting(GcRootPaths.PathStep::node)
        .containsExactly(
            heap.node("Cache"),
            heap.node("sessions"),
            heap.node("elementData"),
            heap.node("session"));
  }

  @Test
  void rootIsItsOwnPath() {
    GcRootPaths paths = GcRootPaths.compute(heap.graph());

    assertThat(paths.pathTo(heap.node("thread")))
        .containsExactly(
            new GcRootPaths.PathStep(
                heap.node("thread"), new HeapClass("java.lang.Thread", ""), null));
    assertThat(paths.describePathTo(heap.node("d2")))
        .isEqualTo("java.lang.Thread.target → io.example.Detour.next → io.example.Detour");
  }

  @Test
  void unreachableObjectHasNoPath() {
    GcRootPaths paths = GcRootPaths.compute(heap.graph());

    assertThat(paths.isReachable(heap.node("orphan"))).isFalse();
    assertThat(paths.pathTo(heap.node("orphan"))).isEmpty();
    assertThat(paths.describePathTo(heap.node("orphan"))).isEmpty();
  }
}
