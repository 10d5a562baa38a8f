package io.heapcapture.analyzer.histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The output of {@code jcmd <pid> GC.class_histogram}, with class names in Java source form. */
record JcmdHistogram(Map<String, List<Long>> counts, Map<String, Long> bytes) {

  /**
   * Parses lines like {@code 1: 7324 337680 [B (java.base@17.0.15)}. A name may appear on several
   * lines (one class per loader); {@link #counts} keeps each line's count, sorted.
   */
  static JcmdHistogram parse(String output) {
    Map<String, List<Long>> counts = new TreeMap<>();
    Map<String, Long> bytes = new TreeMap<>();
    for (String line : output.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 4 || !f[0].matches("\\d+:")) {
        continue;
      }
      String name = javaName(f[3]);
      counts.computeIfAbsent(name, n -> new ArrayList<>()).add(Long.parseLong(f[1]));
      bytes.merge(name, Long.parseLong(f[2]), Long::sum);
    }
    counts.values().forEach(list -> list.sort(null));
    return new JcmdHistogram(counts, bytes);
  }

  /** The histogram's counts in the same form: name to the sorted counts of its classes. */
  static Map<String, List<Long>> countsOf(ClassHistogram histogram) {
    Map<String, List<Long>> counts = new TreeMap<>();
    for (ClassHistogram.Entry e : histogram.entries()) {
      counts.computeIfAbsent(e.heapClass().name(), n -> new ArrayList<>()).add(e.instances());
    }
    counts.values().forEach(list -> list.sort(null));
    return counts;
  }

  /**
   * Instances per class name, summed over the classes of that name: our histogram has one entry per
   * name and class of loader ({@code HeapClass}), so the classes of a name defined by many loaders
   * of one class are one entry, where jcmd lists each class.
   */
  static Map<String, List<Long>> totalsPerName(Map<String, List<Long>> counts) {
    Map<String, List<Long>> totals = new TreeMap<>();
    counts.forEach(
        (name, list) -> totals.put(name, List.of(list.stream().mapToLong(Long::longValue).sum())));
    return totals;
  }

  /**
   * The class names whose counts differ, as {@code name: ours [..], jcmd [..]} lines (at most 30,
   * then how many more): an empty list when the two agree. Readable where a failed map equality of
   * 50,000 classes is not.
   */
  static List<String> differences(Map<String, List<Long>> ours, Map<String, List<Long>> theirs) {
    List<String> differences = new ArrayList<>();
    java.util.Set<String> names = new java.util.TreeSet<>(ours.keySet());
    names.addAll(theirs.keySet());
    int more = 0;
    for (String name : names) {
      List<Long> a = ours.get(name);
      List<Long> b = theirs.get(name);
      if (!java.util.Objects.equals(a, b)) {
        if (differences.size() < 30) {
          differences.add(name + ": ours " + brief(a) + ", jcmd " + brief(b));
        } else {
          more++;
        }
      }
    }
    if (more > 0) {
      differences.add("... and " + more + " more");
    }
    return differences;
  }

  private static String brief(List<Long> counts) {
    if (counts == null) {
      return "none";
    }
    long sum = counts.stream().mapToLong(Long::longValue).sum();
    return counts.size() <= 5
        ? counts.toString()
        : counts.size() + " classes of " + sum + " instances";
  }

  static Map<String, Long> bytesOf(ClassHistogram histogram) {
    Map<String, Long> bytes = new TreeMap<>();
    for (ClassHistogram.Entry e : histogram.entries()) {
      bytes.merge(e.heapClass().name(), e.shallowBytes(), Long::sum);
    }
    return bytes;
  }

  long totalBytes() {
    return bytes.values().stream().mapToLong(Long::longValue).sum();
  }

  /** {@code [B} to {@code byte[]}, {@code [Ljava.lang.Object;} to {@code java.lang.Object[]}. */
  static String javaName(String jvmName) {
    int dims = 0;
    while (jvmName.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return jvmName;
    }
    String element = jvmName.substring(dims);
    String javaElement =
        switch (element) {
          case "Z" -> "boolean";
          case "B" -> "byte";
          case "C" -> "char";
          case "S" -> "short";
          case "I" -> "int";
          case "J" -> "long";
          case "F" -> "float";
          case "D" -> "double";
          default -> element.substring(1, element.length() - 1); // Lname;
        };
    return javaElement + "[]".repeat(dims);
  }
}
