package io.heapcapture.analyzer.testing;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A JVM with tens of thousands of classes: {@code <loaders>} class loaders each define {@code
 * <classes per loader>} tiny classes ({@code gen.C<i>}, the same names in every loader, {@link
 * TinyClassFile}), plus hidden classes ({@code Lookup.defineHiddenClass}) and lambda classes (spun
 * by {@code LambdaMetafactory}, one per call); JDK classes come from the default CDS archive. Class
 * {@code i} of loader {@code l} has {@code 1 + (i + l) % 3} instances; each hidden class has one.
 * Prints {@code ready} and sleeps.
 *
 * <p>Arguments: loaders, classes per loader, hidden classes, lambda classes.
 */
public final class ClassFlood {
  private static final List<Object> KEEP = new ArrayList<>();

  /** Defines the classes it is given; the parent is the boot loader. */
  static final class FloodLoader extends ClassLoader {
    FloodLoader(int n) {
      super("flood-" + n, null);
    }

    Class<?> define(String name, byte[] bytes) {
      return defineClass(name, bytes, 0, bytes.length);
    }
  }

  /** A method a lambda of {@link #spinLambda} calls. */
  private static Object hello() {
    return "hello";
  }

  public static void main(String[] args) throws Throwable {
    int loaders = Integer.parseInt(args[0]);
    int perLoader = Integer.parseInt(args[1]);
    int hidden = Integer.parseInt(args[2]);
    int lambdas = Integer.parseInt(args[3]);
    Object unsafe = unsafe();
    MethodHandle allocate =
        MethodHandles.lookup()
            .findVirtual(
                unsafe.getClass(),
                "allocateInstance",
                MethodType.methodType(Object.class, Class.class))
            .bindTo(unsafe);

    byte[][] classFiles = new byte[perLoader][];
    for (int i = 0; i < perLoader; i++) {
      classFiles[i] = TinyClassFile.of("gen/C" + i);
    }
    for (int l = 0; l < loaders; l++) {
      FloodLoader loader = new FloodLoader(l);
      for (int i = 0; i < perLoader; i++) {
        Class<?> c = loader.define("gen.C" + i, classFiles[i]);
        for (int n = 0; n < 1 + (i + l) % 3; n++) {
          KEEP.add(allocate.invoke(c)); // the instances keep their classes and loader alive
        }
      }
    }

    MethodHandles.Lookup lookup = MethodHandles.lookup();
    byte[] hiddenFile = TinyClassFile.of("io/heapcapture/analyzer/testing/ClassFlood$Hidden");
    for (int h = 0; h < hidden; h++) {
      Class<?> c = lookup.defineHiddenClass(hiddenFile, true).lookupClass();
      KEEP.add(allocate.invoke(c));
    }

    for (int i = 0; i < lambdas; i++) {
      KEEP.add(spinLambda(lookup));
    }
    // and a few ordinary lambdas and method references, through streams
    KEEP.add(
        IntStream.range(0, 100)
            .mapToObj(Integer::toString)
            .filter(s -> s.length() > 1)
            .collect(Collectors.joining(",")));

    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    System.out.println(SyntheticHeap.READY);
    Thread.sleep(Long.MAX_VALUE);
  }

  /** A new lambda class each call: what {@code () -> hello()} compiles to, without the caching. */
  @SuppressWarnings("unchecked")
  private static Supplier<Object> spinLambda(MethodHandles.Lookup lookup) throws Throwable {
    MethodHandle target =
        lookup.findStatic(ClassFlood.class, "hello", MethodType.methodType(Object.class));
    CallSite site =
        LambdaMetafactory.metafactory(
            lookup,
            "get",
            MethodType.methodType(Supplier.class),
            MethodType.methodType(Object.class),
            target,
            MethodType.methodType(Object.class));
    return (Supplier<Object>) site.getTarget().invoke();
  }

  private static Object unsafe() throws ReflectiveOperationException {
    Class<?> type = Class.forName("sun.misc.Unsafe");
    Field field = type.getDeclaredField("theUnsafe");
    field.setAccessible(true);
    return field.get(null);
  }
}
