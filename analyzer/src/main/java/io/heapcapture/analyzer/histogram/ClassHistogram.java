package io.heapcapture.analyzer.histogram;

import io.heapcapture.analyzer.Progress;
import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.hprof.HprofReader;
import io.heapcapture.analyzer.hprof.ObjectLayout;
import io.heapcapture.analyzer.input.DumpFormat;
import io.heapcapture.analyzer.input.DumpInput;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instances and shallow bytes per class (name and loader), like {@code jcmd GC.class_histogram}.
 * From an HPROF dump it is computed in one streaming pass whose memory grows with the number of
 * classes, not objects. Class objects count as instances of {@code java.lang.Class}, as in the
 * JVM's own histogram.
 */
public final class ClassHistogram {

  /** One line of the histogram. */
  public record Entry(HeapClass heapClass, long instances, long shallowBytes) {}

  private static final HeapClass JAVA_LANG_CLASS = new HeapClass("java.lang.Class", "");
  private static final Comparator<Entry> BY_BYTES =
      Comparator.comparingLong(Entry::shallowBytes)
          .reversed()
          .thenComparing(e -> e.heapClass().name())
          .thenComparing(e -> e.heapClass().loader());

  private final List<Entry> entries;
  private final Map<HeapClass, Entry> byClass = new HashMap<>();
  private final long totalInstances;
  private final long totalBytes;

  /** A histogram of these entries; entries of the same class are added up. */
  public ClassHistogram(List<Entry> entries) {
    for (Entry e : entries) {
      byClass.merge(
          e.heapClass(),
          e,
          (a, b) ->
              new Entry(
                  a.heapClass(),
                  a.instances() + b.instances(),
                  a.shallowBytes() + b.shallowBytes()));
    }
    List<Entry> sorted = new ArrayList<>(byClass.values());
    sorted.sort(BY_BYTES);
    this.entries = List.copyOf(sorted);
    this.totalInstances = sorted.stream().mapToLong(Entry::instances).sum();
    this.totalBytes = sorted.stream().mapToLong(Entry::shallowBytes).sum();
  }

  /**
   * Reads the histogram of an HPROF dump file (plain, gzip or zstd), with the object layout assumed
   * from its id size ({@link ObjectLayout#forIdSize}).
   *
   * @throws UnsupportedDumpException if the file is not an HPROF dump
   */
  public static ClassHistogram read(Path dump) throws IOException {
    return read(dump, Progress.NONE);
  }

  /** Reads the histogram of an HPROF dump file, reporting the bytes of the file read so far. */
  public static ClassHistogram read(Path dump, Progress progress) throws IOException {
    try (DumpInput input = DumpInput.open(dump)) {
      if (input.format() != DumpFormat.HPROF) {
        throw new UnsupportedDumpException(
            dump
                + " is a "
                + input.format()
                + ": build its graph and use ClassHistogram.of(graph)");
      }
      HprofReader reader = HprofReader.open(input.stream());
      HprofHistogramPass pass = new HprofHistogramPass(ObjectLayout.forIdSize(reader.idSize()));
      reader.accept(
          pass, at -> progress.update("class histogram", input.fileBytesRead(), input.fileSize()));
      return new ClassHistogram(pass.entries());
    }
  }

  /**
   * Reads the histogram of a decompressed HPROF stream.
   *
   * @param layout the object layout for shallow sizes, or null to assume it from the id size
   */
  public static ClassHistogram read(InputStream hprof, ObjectLayout layout) throws IOException {
    HprofReader reader = HprofReader.open(hprof);
    HprofHistogramPass pass =
        new HprofHistogramPass(layout != null ? layout : ObjectLayout.forIdSize(reader.idSize()));
    reader.accept(pass);
    return new ClassHistogram(pass.entries());
  }

  /**
   * The histogram of a loaded graph (any dump format): nodes and shallow sizes per class, class
   * objects counted as {@code java.lang.Class}.
   */
  public static ClassHistogram of(HeapGraph graph) {
    int classes = graph.classes().size();
    long[] count = new long[classes];
    long[] bytes = new long[classes];
    long classObjects = 0;
    long classObjectBytes = 0;
    for (int n = 0; n < graph.nodeCount(); n++) {
      if (graph.isClassObject(n)) {
        classObjects++;
        classObjectBytes += graph.shallowSize(n);
      } else {
        count[graph.classOf(n)]++;
        bytes[graph.classOf(n)] += graph.shallowSize(n);
      }
    }
    List<Entry> entries = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      if (count[c] > 0) {
        entries.add(new Entry(graph.heapClass(c), count[c], bytes[c]));
      }
    }
    if (classObjects > 0) {
      entries.add(new Entry(JAVA_LANG_CLASS, classObjects, classObjectBytes));
    }
    return new ClassHistogram(entries);
  }

  /** All classes with at least one instance, by shallow bytes (largest first), then name. */
  public List<Entry> entries() {
    return entries;
  }

  public Optional<Entry> entry(HeapClass heapClass) {
    return Optional.ofNullable(byClass.get(heapClass));
  }

  public long totalInstances() {
    return totalInstances;
  }

  public long totalBytes() {
    return totalBytes;
  }
}
