package io.heapcapture.analyzer.graph;

import java.util.regex.Pattern;

/**
 * A class (or, for V8, a constructor/node type), identified by name and loader: two classes of the
 * same name from different class loaders are different classes, and a diff of two dumps matches
 * classes by this key, never by object id (ids are addresses and change between dumps).
 *
 * @param name the class name in Java source form, e.g. {@code java.lang.String}, {@code byte[]}
 * @param loader a description of its class loader, stable across dumps of the same workload (e.g.
 *     the loader's class name), or {@code ""} for the boot loader
 */
public record HeapClass(String name, String loader) {
  private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda(\\$\\d+)?");
  private static final Pattern HIDDEN_SUFFIX = Pattern.compile("[./]0x[0-9a-fA-F]+");
  private static final Pattern NUMBERED =
      Pattern.compile(
          "(\\$Proxy|GeneratedMethodAccessor|GeneratedConstructorAccessor"
              + "|GeneratedSerializationConstructorAccessor)\\d+");

  public HeapClass {
    loader = loader == null ? "" : loader;
  }

  /**
   * The name without what the JVM makes up anew in each run or after each redefinition: the address
   * of a hidden class ({@code Foo$$Lambda/0x0000012345}), the number of a lambda class ({@code
   * Foo$$Lambda$14}), of a proxy ({@code $Proxy12}) or of a reflection accessor. Two dumps of one
   * program name such classes alike only after this.
   */
  public static String stableName(String name) {
    String stable = HIDDEN_SUFFIX.matcher(name).replaceAll("");
    stable = LAMBDA.matcher(stable).replaceAll("\\$\\$Lambda");
    return NUMBERED.matcher(stable).replaceAll("$1");
  }

  @Override
  public String toString() {
    return loader.isEmpty() ? name : name + " (" + loader + ")";
  }
}
