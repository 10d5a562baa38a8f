package io.heapcapture.analyzer.report;

/**
 * One class of one heap.
 *
 * @param className class name in source form, e.g. {@code java.lang.String}
 * @param loader its class loader's description, {@code ""} for the boot loader
 * @param instances number of objects
 * @param shallowBytes their shallow size
 * @param retainedBytes what they retain together, without double counting; -1 when not computed
 */
public record ClassStats(
    String className, String loader, long instances, long shallowBytes, long retainedBytes) {
  /** The key a diff matches classes by: name and loader, never object ids. */
  public String key() {
    return loader.isEmpty() ? className : className + " @ " + loader;
  }
}
