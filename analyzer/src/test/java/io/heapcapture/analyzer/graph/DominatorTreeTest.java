package io.heapcapture.analyzer.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DominatorTreeTest {

  /** Figure 1 of Lengauer and Tarjan, "A fast algorithm for finding dominators in a flowgraph". */
  @Test
  void lengauerTarjanPaperExample() {
    SmallHeap heap =
        new SmallHeap()
            .objects("V", 8, "R", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L")
            .refs(
                "R>A", "R>B", "R>C", "A>D", "B>A", "B>D", "B>E", "C>F", "C>G", "D>L", "E>H", "F>I",
                "G>I", "G>J", "H>E", "H>K", "I>K", "J>I", "K>I", "K>R", "L>H")
            .roots("R");

    assertThat(immediateDominators(heap))
        .containsExactlyEntriesOf(
            expected(
                "R=super-root",
                "A=R",
                "B=R",
                "C=R",
                "D=R",
                "E=R",
                "F=C",
                "G=C",
                "H=R",
                "I=R",
                "J=G",
                "K=R",
                "L=D"));
  }

  /**
   * The irreducible loop of Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm"
   * (figure 2): C and D reach each other, each entered from a different side.
   */
  @Test
  void irreducibleLoop() {
    SmallHeap heap =
        new SmallHeap()
            .objects("V", 8, "E", "A", "B", "C", "D")
            .refs("E>A", "E>B", "A>C", "B>D", "C>D", "D>C")
            .roots("E");

    assertThat(immediateDominators(heap))
        .containsExactlyEntriesOf(expected("E=super-root", "A=E", "B=E", "C=E", "D=E"));
  }

  /** An object shared by two roots belongs to neither: only the super-root dominates it. */
  @Test
  void objectsHeldFromTwoRootsHangBelowTheSuperRoot() {
    SmallHeap heap =
        new SmallHeap()
            .objects("V", 8, "R1", "R2", "Shared", "Inner", "Private", "Lost", "LostChild")
            .refs("R1>Shared", "R2>Shared", "Shared>Inner", "R2>Private", "R2>R1")
            .refs("Lost>LostChild", "Lost>Shared")
            .roots("R1", "R2");

    assertThat(immediateDominators(heap))
        .containsExactlyEntriesOf(
            expected(
                "R1=super-root",
                "R2=super-root",
                "Shared=super-root",
                "Inner=Shared",
                "Private=R2",
                "Lost=unreachable",
                "LostChild=unreachable"));
    DominatorTree tree = DominatorTree.compute(heap.graph());
    assertThat(tree.reachableCount()).isEqualTo(5);
    assertThat(tree.children(DominatorTree.SUPER_ROOT))
        .containsExactlyInAnyOrder(heap.node("R1"), heap.node("R2"), heap.node("Shared"));
    assertThat(tree.isReachable(heap.node("Lost"))).isFalse();
  }

  @Test
  void selfLoopsAndDuplicateReferencesChangeNothing() {
    SmallHeap heap =
        new SmallHeap()
            .objects("V", 8, "R", "A", "B")
            .refs("R>A", "R>A", "A>A", "A>B", "A>B", "B>B")
            .roots("R");

    assertThat(immediateDominators(heap))
        .containsExactlyEntriesOf(expected("R=super-root", "A=R", "B=A"));
  }

  @Test
  void emptyHeapAndHeapWithoutRoots() {
    DominatorTree empty = DominatorTree.compute(new HeapGraphBuilder().build());
    assertThat(empty.reachableCount()).isZero();
    assertThat(empty.childCount(DominatorTree.SUPER_ROOT)).isZero();

    SmallHeap noRoots = new SmallHeap().objects("V", 8, "A", "B").refs("A>B");
    assertThat(immediateDominators(noRoots))
        .containsExactlyEntriesOf(expected("A=unreachable", "B=unreachable"));
  }

  private static Map<String, String> immediateDominators(SmallHeap heap) {
    DominatorTree tree = DominatorTree.compute(heap.graph());
    Map<String, String> result = new LinkedHashMap<>();
    for (String label : heap.labels()) {
      result.put(label, heap.label(tree.immediateDominator(heap.node(label))));
    }
    return result;
  }

  private static Map<String, String> expected(String... pairs) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String pair : pairs) {
      String[] parts = pair.split("=");
      result.put(parts[0], parts[1]);
    }
    return result;
  }
}
