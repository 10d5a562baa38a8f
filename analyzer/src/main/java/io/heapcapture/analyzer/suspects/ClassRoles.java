package io.heapcapture.analyzer.suspects;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What part a class plays in a leak, judged by its name alone: a <em>container</em> only holds
 * other objects for the program (collections and their entries, reference arrays, references,
 * ThreadLocal maps, lambdas and closures, V8's internal arrays and contexts); a <em>platform</em>
 * class belongs to the runtime (the JDK, V8's strings and numbers); every other class is the
 * <em>application's</em>, frameworks included. A leak is named by the application class that
 * accumulates, found below the containers, and by the application field that holds the containers.
 */
final class ClassRoles {
  private static final Pattern PRIMITIVE_ARRAY =
      Pattern.compile("(boolean|byte|char|short|int|long|float|double)\\[]");

  /** Packages whose classes are collections or their internals. */
  private static final List<String> CONTAINER_PACKAGES =
      List.of(
          "java.util.",
          "java.lang.ref.",
          "java.lang.ThreadLocal",
          "java.lang.invoke.",
          "jdk.internal.util.",
          "com.google.common.collect.",
          "com.google.common.cache.",
          "com.github.benmanes.caffeine.cache.",
          "it.unimi.dsi.fastutil.",
          "org.eclipse.collections.",
          "org.apache.commons.collections",
          "org.jctools.",
          "io.netty.util.collection.",
          "io.netty.util.internal.shaded.org.jctools.",
          "org.springframework.util.ConcurrentReferenceHashMap",
          "org.springframework.util.LinkedMultiValueMap",
          "org.springframework.util.LinkedCaseInsensitiveMap",
          "scala.collection.",
          "kotlin.collections.");

  /** Packages of widely used frameworks and libraries: not the application's own classes. */
  private static final List<String> FRAMEWORK_PACKAGES =
      List.of(
          "io.vertx.",
          "io.netty.",
          "org.springframework.",
          "org.apache.",
          "org.eclipse.",
          "io.micrometer.",
          "io.prometheus.",
          "com.fasterxml.",
          "ch.qos.logback.",
          "org.slf4j.",
          "reactor.",
          "io.reactivex.",
          "io.grpc.",
          "io.undertow.",
          "org.hibernate.",
          "com.zaxxer.",
          "io.quarkus.",
          "io.opentelemetry.",
          "com.google.",
          "com.github.benmanes.",
          "org.jboss.",
          "org.glassfish.",
          "jakarta.",
          "kotlin.",
          "kotlinx.",
          "scala.",
          "akka.",
          "okhttp3.",
          "com.squareup.",
          "software.amazon.",
          "com.amazonaws.");

  /**
   * Simple class names that say a framework's class is a collection: {@code
   * ConcurrentCyclicSequence}, {@code LinkedMultiValueMap}, {@code HandlerList}. The application's
   * own classes are never taken for collections by their name ({@code ChangeSet} may well be what
   * leaks).
   */
  private static final Pattern COLLECTION_NAME =
      Pattern.compile(".*(Map|List|Set|Queue|Deque|Sequence|Collection|Multimap|Table|Bag)");

  private static final List<String> PLATFORM_PACKAGES =
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  /**
   * V8's and Node.js's own object kinds that only hold others: plain objects and arrays, maps and
   * sets, closures, and the timer lists that hold a timer's callback.
   */
  private static final Set<String> V8_CONTAINERS =
      Set.of(
          "Object",
          "Array",
          "Map",
          "Set",
          "WeakMap",
          "WeakSet",
          "Function",
          "(closure)",
          "Timeout",
          "TimersList",
          "Immediate",
          "ImmediateList",
          "FixedQueue",
          "FixedCircularBuffer");

  /** Node.js's own classes that are data or I/O, not the program's. */
  private static final Set<String> NODE_PLATFORM =
      Set.of(
          "Buffer",
          "FastBuffer",
          "ArrayBuffer",
          "Uint8Array",
          "Socket",
          "Server",
          "TCP",
          "ServerResponse",
          "IncomingMessage",
          "HTTPParser",
          "WriteWrap",
          "Promise",
          "Error");

  private ClassRoles() {}

  static boolean isContainer(String className) {
    if (className.endsWith("[]")) {
      return !PRIMITIVE_ARRAY.matcher(className).matches();
    }
    if (className.equals("java.lang.Object") || className.contains("$$Lambda")) {
      return true;
    }
    if (V8_CONTAINERS.contains(className) || className.startsWith("system / ")) {
      return true;
    }
    if (className.startsWith("(")) {
      return !(className.contains("string") || className.contains("number"));
    }
    if (CONTAINER_PACKAGES.stream().anyMatch(className::startsWith)) {
      return true;
    }
    return isFramework(className) && COLLECTION_NAME.matcher(simpleName(className)).matches();
  }

  /** A class of a widely used framework or library (not a collection, not the runtime's). */
  static boolean isFramework(String className) {
    return FRAMEWORK_PACKAGES.stream().anyMatch(className::startsWith);
  }

  private static String simpleName(String className) {
    int dot = className.lastIndexOf('.');
    return className.substring(dot + 1);
  }

  static boolean isPlatform(String className) {
    return className.endsWith("[]")
        || NODE_PLATFORM.contains(className)
        || className.startsWith("(")
        || PLATFORM_PACKAGES.stream().anyMatch(className::startsWith);
  }

  /**
   * A scope of variables: a V8 closure context, whose references are the program's own variable
   * names, as a class object's are its static fields. The field that holds a leak can be one.
   */
  static boolean isScope(String className) {
    return className.startsWith("system / Context");
  }

  /**
   * Neither a container nor the runtime's: the program's own, or a framework's (see {@link
   * #isFramework}).
   */
  static boolean isApplication(String className) {
    return !isContainer(className) && !isPlatform(className);
  }

  /**
   * Whether a step of a path is inside a collection: a collection's own object holding the next (a
   * class object's statics and a V8 scope's variables are the program's names, not a collection).
   */
  static boolean isCollectionStep(io.heapcapture.analyzer.graph.PathShapes.Step step) {
    String name = step.heapClass().name();
    return !step.classObject() && isContainer(name) && !isScope(name);
  }
}
