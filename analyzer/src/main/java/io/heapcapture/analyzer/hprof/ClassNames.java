package io.heapcapture.analyzer.hprof;

/** Turns the class names a dump holds into Java source names. */
public final class ClassNames {
  private ClassNames() {}

  /**
   * The Java source name of a class named as in the JVM: {@code java/lang/String} becomes {@code
   * java.lang.String}, {@code [B} becomes {@code byte[]}, {@code [[Ljava/lang/Object;} becomes
   * {@code java.lang.Object[][]}, and a hidden class {@code Foo$$Lambda$1+0x0800} becomes {@code
   * Foo$$Lambda$1/0x0800} as {@code Class.getName()} and {@code jcmd} write it. Names that are
   * already in source form (Android's dumps) are kept.
   */
  public static String javaName(String vmName) {
    int dims = 0;
    while (dims < vmName.length() && vmName.charAt(dims) == '[') {
      dims++;
    }
    String element;
    if (dims == 0) {
      element = className(vmName);
    } else if (dims == vmName.length() - 1) {
      BasicType t = primitive(vmName.charAt(dims));
      element = t == null ? className(vmName.substring(dims)) : t.javaName();
    } else if (vmName.charAt(dims) == 'L' && vmName.endsWith(";")) {
      element = className(vmName.substring(dims + 1, vmName.length() - 1));
    } else {
      return vmName; // not a descriptor we know: keep it as is
    }
    return element + "[]".repeat(dims);
  }

  private static String className(String name) {
    String dotted = name.replace('/', '.');
    int plus = dotted.lastIndexOf("+0x");
    if (plus > 0 && isHex(dotted, plus + 3)) {
      return dotted.substring(0, plus) + '/' + dotted.substring(plus + 1);
    }
    return dotted;
  }

  private static boolean isHex(String s, int from) {
    if (from >= s.length()) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The primitive type of an array descriptor's element letter ({@code I} for int). */
  static BasicType primitive(char descriptor) {
    return switch (descriptor) {
      case 'Z' -> BasicType.BOOLEAN;
      case 'C' -> BasicType.CHAR;
      case 'F' -> BasicType.FLOAT;
      case 'D' -> BasicType.DOUBLE;
      case 'B' -> BasicType.BYTE;
      case 'S' -> BasicType.SHORT;
      case 'I' -> BasicType.INT;
      case 'J' -> BasicType.LONG;
      default -> null;
    };
  }
}
