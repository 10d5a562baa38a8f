package io.heapcapture.e2e.pod;

import java.util.List;

/**
 * The application JVM of a stand-in pod: the leaking demo app with JVM options.
 *
 * @param jvmOptions options before {@code -jar}, e.g. {@code -Xmx128m}
 * @param leakKilobytesPerSecond how fast the demo app leaks
 */
public record AppSpec(List<String> jvmOptions, int leakKilobytesPerSecond) {
  public AppSpec {
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** A leaking JVM with a small heap. */
  public static AppSpec leakyDemo() {
    return new AppSpec(List.of("-Xmx256m", "-XX:+UseSerialGC"), 256);
  }

  public AppSpec withJvmOption(String option) {
    List<String> options = new java.util.ArrayList<>(jvmOptions);
    options.add(option);
    return new AppSpec(options, leakKilobytesPerSecond);
  }
}
