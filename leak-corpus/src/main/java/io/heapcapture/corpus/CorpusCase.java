package io.heapcapture.corpus;

import java.util.List;

/** One program of the corpus and what a correct diagnosis of it says. */
public record CorpusCase(
    String name, // kebab-case, unique, e.g. "session-cache"
    Kind kind, // LEAK or CONTROL
    Runtime runtime, // JVM or NODE
    String entryPoint, // JVM: a class with main(String[] args); NODE: a .js file relative to
    // leak-corpus/node/
    int jdk, // JVM: 17, 21 or 25 (21 only if installed, see below); NODE: 0
    List<String> jvmOptions, // e.g. List.of("-Xmx512m", "-XX:+UseParallelGC")
    String expectedClass, // LEAK: the accumulating domain class as the analyzer names it (Java:
    // fully qualified; V8: constructor name); CONTROL: null
    String expectedField, // LEAK: the field that holds the growing collection as
    // "SimpleDeclaringClass.field" (e.g. "OrderService.recentOrders"; a static field the same
    // way); V8: the property or variable name; CONTROL: null
    String pattern) { // the pattern it covers, one line
  public enum Kind {
    LEAK,
    CONTROL
  }

  public enum Runtime {
    JVM,
    NODE
  }
}
