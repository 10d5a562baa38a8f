package io.heapcapture.analyzer.graph;

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
  public HeapClass {
    loader = loader == null ? "" : loader;
  }

  @Override
  public String toString() {
    return loader.isEmpty() ? name : name + " (" + loader + ")";
  }
}
