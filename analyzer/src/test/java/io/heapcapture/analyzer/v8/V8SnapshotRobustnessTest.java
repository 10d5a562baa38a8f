package io.heapcapture.analyzer.v8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets an UnsupportedDumpException (not a V8 snapshot at all) or a MalformedDumpException
 * (one, but broken) that says what is wrong: no other failure, no hang.
 */
class V8SnapshotRobustnessTest {
  @TempDir static Path dir;
  private static byte[] chocolates;

  /** A real snapshot, taken on first use so only the tests that need node skip without it. */
  private static byte[] chocolates() throws Exception {
    if (chocolates == null) {
      chocolates = Files.readAllBytes(NodeSnapshots.write(dir, NodeSnapshots.CHOCOLATES));
    }
    return chocolates;
  }

  @Test
  void everyTruncationOfASmallSnapshotIsRejected() {
    byte[] whole = TinySnapshot.sample().bytes();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          for (int length = 0; length < whole.length; length++) {
            assertTruncationRejected(Arrays.copyOf(whole, length));
          }
        });
  }

  @Test
  void truncationsOfARealSnapshotAreRejected() throws Exception {
    byte[] whole = chocolates();
    int end = lastIndexOf(whole, "}") + 1;
    TreeSet<Integer> cuts = new TreeSet<>();
    for (int i = 1; i < 60; i++) {
      cuts.add((int) ((long) end * i / 60));
    }
    for (String marker : new String[] {"\"nodes\"", "\"edges\"", "\"strings\"", "\"meta\""}) {
      int at = indexOf(whole, marker);
      for (int d = -2; d <= marker.length() + 2; d++) {
        cuts.add(at + d);
      }
    }
    for (int d = 1; d <= 5; d++) {
      cuts.add(end - d);
    }
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          // A cut inside a number leaves a smaller number, which may fail a check first.
          for (int cut : cuts) {
            assertTruncationRejected(Arrays.copyOf(whole, cut));
          }
        });
  }

  @Test
  void corruptedBytesAreLoadedOrRejected() throws Exception {
    byte[] whole = chocolates();
    byte[] alphabet = "0123456789,[]{}\":-.e x".getBytes(StandardCharsets.US_ASCII);
    Random random = new Random(42);
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          for (int round = 0; round < 40; round++) {
            byte[] corrupt = whole.clone();
            for (int i = 0; i < 1 + round % 5; i++) {
              corrupt[random.nextInt(corrupt.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            for (Throwable t :
                new Throwable[] {
                  catchThrowable(() -> V8SnapshotLoader.load(new ByteArrayInputStream(corrupt))),
                  catchThrowable(() -> V8Histogram.read(new ByteArrayInputStream(corrupt)))
                }) {
              if (t != null) {
                assertThat(t)
                    .as("round %d", round)
                    .isInstanceOfAny(MalformedDumpException.class, UnsupportedDumpException.class);
              }
            }
          }
        });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "[]",
        "{}",
        "null",
        "{\"nodes\":[]}",
        "JAVA PROFILE 1.0.2\u0000\u0000\u0000\u0004",
      })
  void foreignInputIsNotASnapshot(String input) {
    assertNotASnapshot(input.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void gzipBytesAreNotASnapshot() {
    assertNotASnapshot(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
  }

  @Test
  void aSnapshotWithoutMetaIsMalformed() {
    assertRejected("{\"snapshot\":{\"meta\":{}}}".getBytes(StandardCharsets.UTF_8), "node_fields");
    assertRejected("{\"snapshot\":[1,2]}".getBytes(StandardCharsets.UTF_8), "expected an object");
  }

  @Test
  void missingMetaIsRejected() {
    assertMutationRejected(s -> ((ObjectNode) s.get("snapshot")).remove("meta"), "snapshot.meta");
  }

  @Test
  void nodeFieldsWithoutEdgeCountAreRejected() {
    assertMutationRejected(
        s -> ((ArrayNode) s.at("/snapshot/meta/node_fields")).set(4, "edges"),
        "no 'edge_count' field");
  }

  @Test
  void nodeTypesThatAreNotAListAreRejected() {
    assertMutationRejected(
        s -> ((ArrayNode) s.at("/snapshot/meta/node_types")).set(0, "object"), "node_types[0]");
  }

  @Test
  void nodeCountLargerThanTheNodesIsRejected() {
    assertMutationRejected(s -> count(s, "node_count", 18), "declares 126");
  }

  @Test
  void nodeCountSmallerThanTheNodesIsRejected() {
    assertMutationRejected(s -> count(s, "node_count", 16), "more than the 112");
  }

  @Test
  void hugeDeclaredCountsDoNotAllocateThem() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertMutationRejected(
              s -> {
                count(s, "node_count", Integer.MAX_VALUE - 8);
                count(s, "edge_count", Integer.MAX_VALUE - 8);
              },
              "declares");
        });
  }

  @Test
  void countsBeyondAJavaArrayAreRejected() {
    assertMutationRejected(s -> count(s, "node_count", 1L << 40), "snapshot.node_count");
  }

  @Test
  void edgeCountThatDisagreesWithTheNodesIsRejected() {
    assertMutationRejected(
        s -> {
          count(s, "edge_count", TinySnapshot.SAMPLE_EDGES + 1);
          ((ArrayNode) s.get("edges")).add(2).add(0).add(0);
        },
        "add up to " + TinySnapshot.SAMPLE_EDGES);
  }

  @Test
  void unknownNodeTypeIsRejected() {
    assertMutationRejected(
        s -> ((ArrayNode) s.get("nodes")).set(7 * 5, 99), "unknown type code 99");
  }

  @Test
  void unknownEdgeTypeIsRejected() {
    assertLoaderRejects(s -> ((ArrayNode) s.get("edges")).set(3, 42), "unknown type code 42");
  }

  @Test
  void toNodeInsideARowIsRejected() {
    assertLoaderRejects(s -> ((ArrayNode) s.get("edges")).set(2, 8), "points to 8");
  }

  @Test
  void toNodeBeyondTheNodesIsRejected() {
    assertLoaderRejects(s -> ((ArrayNode) s.get("edges")).set(2, 17 * 7), "points to 119");
  }

  @Test
  void nameBeyondTheStringsIsRejected() {
    assertMutationRejected(s -> ((ArrayNode) s.get("nodes")).set(7 * 5 + 1, 1000), "string 1000");
  }

  @Test
  void edgeNameBeyondTheStringsIsRejected() {
    assertLoaderRejects(s -> ((ArrayNode) s.get("edges")).set(3 * 3 + 1, 5000), "string 5000");
  }

  @Test
  void negativeFractionalTextAndHugeValuesAreRejected() {
    assertMutationRejected(s -> ((ArrayNode) s.get("nodes")).set(3, -1), "not an unsigned 32-bit");
    assertMutationRejected(
        s -> ((ArrayNode) s.get("nodes")).set(3, 1L << 32), "not an unsigned 32-bit");
    assertMutationRejected(s -> ((ArrayNode) s.get("nodes")).set(3, 1.5), "expected only integers");
    assertMutationRejected(s -> ((ArrayNode) s.get("nodes")).set(3, "7"), "expected only integers");
    assertMutationRejected(
        s -> ((ArrayNode) s.get("nodes")).set(3, new java.math.BigInteger("1" + "0".repeat(30))),
        "out of range");
  }

  @Test
  void rootIndexThatIsNoNodeIsRejected() {
    assertMutationRejected(s -> count(s, "root_index", 3), "root_index");
  }

  @Test
  void stringsBeforeNodesAreRejected() {
    assertMutationRejected(
        s -> {
          var strings = s.remove("strings");
          var nodes = s.remove("nodes");
          var edges = s.remove("edges");
          s.set("strings", strings);
          s.set("nodes", nodes);
          s.set("edges", edges);
        },
        "strings");
  }

  @Test
  void aSectionTwiceIsRejected() {
    byte[] twice =
        new String(TinySnapshot.sample().bytes(), StandardCharsets.UTF_8)
            .replace(",\"edges\":", ",\"nodes\":[],\"edges\":")
            .getBytes(StandardCharsets.UTF_8);
    assertRejected(twice, "appears twice");
  }

  @Test
  void theErrorNamesTheSectionAndByte() {
    byte[] whole = TinySnapshot.sample().bytes();
    byte[] cut = Arrays.copyOf(whole, indexOf(whole, "\"edges\"") + 12);
    assertThatThrownBy(() -> V8SnapshotLoader.load(new ByteArrayInputStream(cut)))
        .isInstanceOf(MalformedDumpException.class)
        .hasMessageStartingWith("edges: truncated")
        .hasMessageEndingWith("(at byte offset " + cut.length + ")");
  }

  private static void count(ObjectNode snapshot, String field, long value) {
    ((ObjectNode) snapshot.get("snapshot")).put(field, value);
  }

  private static void assertMutationRejected(Consumer<ObjectNode> mutation, String message) {
    ObjectNode json = TinySnapshot.sample().json();
    mutation.accept(json);
    assertRejected(TinySnapshot.bytes(json), message);
  }

  /** For faults in the edges, which the histogram does not read. */
  private static void assertLoaderRejects(Consumer<ObjectNode> mutation, String message) {
    ObjectNode json = TinySnapshot.sample().json();
    mutation.accept(json);
    byte[] bytes = TinySnapshot.bytes(json);
    assertThatThrownBy(() -> V8SnapshotLoader.load(new ByteArrayInputStream(bytes)))
        .isInstanceOf(MalformedDumpException.class)
        .hasMessageContaining(message);
  }

  /** Both readers find the snapshot malformed, with {@code message} in the explanation. */
  private static void assertRejected(byte[] bytes, String message) {
    assertThatThrownBy(() -> V8SnapshotLoader.load(new ByteArrayInputStream(bytes)))
        .as("loader on %d bytes", bytes.length)
        .isInstanceOf(MalformedDumpException.class)
        .hasMessageContaining(message);
    assertThatThrownBy(() -> V8Histogram.read(new ByteArrayInputStream(bytes)))
        .as("histogram on %d bytes", bytes.length)
        .isInstanceOf(MalformedDumpException.class)
        .hasMessageContaining(message);
  }

  /**
   * Until the parser has seen the whole first field name, a prefix cannot be told from a foreign
   * file; after that it is a malformed snapshot.
   */
  private static void assertTruncationRejected(byte[] prefix) {
    if (prefix.length < "{\"snapshot\":{".length()) {
      assertNotASnapshot(prefix);
    } else {
      assertRejected(prefix, "");
    }
  }

  private static void assertNotASnapshot(byte[] bytes) {
    assertThatThrownBy(() -> V8SnapshotLoader.load(new ByteArrayInputStream(bytes)))
        .as("loader on %d bytes", bytes.length)
        .isInstanceOf(UnsupportedDumpException.class)
        .hasMessageStartingWith("not a V8 heap snapshot");
    assertThatThrownBy(() -> V8Histogram.read(new ByteArrayInputStream(bytes)))
        .as("histogram on %d bytes", bytes.length)
        .isInstanceOf(UnsupportedDumpException.class);
  }

  private static int indexOf(byte[] bytes, String marker) {
    return new String(bytes, StandardCharsets.ISO_8859_1).indexOf(marker);
  }

  private static int lastIndexOf(byte[] bytes, String marker) {
    return new String(bytes, StandardCharsets.ISO_8859_1).lastIndexOf(marker);
  }
}
