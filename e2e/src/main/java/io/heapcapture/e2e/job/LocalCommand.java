package io.heapcapture.e2e.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A container's command line as this machine runs it: {@code $(VAR)} references expanded, then
 * image paths mapped to local files ({@code java} to this JDK's launcher, files of the image to
 * built artifacts, volume mount paths to local folders), and the memory limit handed to the JVM as
 * {@code -XX:MaxRAM}, which is what it would read from the container's cgroup.
 */
final class LocalCommand {
  private final Path java;
  private final Map<String, Supplier<Path>> imageFiles;

  /** {@code imageFiles}: paths inside the image and the local files that stand in for them. */
  LocalCommand(Path java, Map<String, Supplier<Path>> imageFiles) {
    this.java = java;
    this.imageFiles = imageFiles;
  }

  /**
   * @param env the container's resolved environment, for {@code $(VAR)} references
   * @param mounts mount path in the container to the local folder that stands in for it
   */
  List<String> of(Container container, Map<String, String> env, Map<String, Path> mounts)
      throws ContainerConfigException {
    if (container.getCommand() == null || container.getCommand().isEmpty()) {
      throw new ContainerConfigException(
          "container "
              + container.getName()
              + " has no command: the image's entrypoint is unknown");
    }
    List<String> line = new ArrayList<>();
    container.getCommand().forEach(c -> line.add(VariableExpansion.expand(c, env::get)));
    if (container.getArgs() != null) {
      container.getArgs().forEach(a -> line.add(VariableExpansion.expand(a, env::get)));
    }
    for (int i = 0; i < line.size(); i++) {
      line.set(i, local(line.get(i), mounts));
    }
    boolean isJava = line.get(0).equals("java") || line.get(0).endsWith("/java");
    if (isJava) {
      line.set(0, java.toString());
      Quantity memory = memoryLimit(container);
      if (memory != null) {
        line.add(1, "-XX:MaxRAM=" + Quantity.getAmountInBytes(memory).longValueExact());
      }
    }
    return line;
  }

  private String local(String argument, Map<String, Path> mounts) throws ContainerConfigException {
    Supplier<Path> file = imageFiles.get(argument);
    if (file != null) {
      try {
        return file.get().toString();
      } catch (RuntimeException e) {
        // What a kubelet would report as an image it cannot pull.
        throw new ContainerConfigException(argument + " is not built: " + e.getMessage());
      }
    }
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      String mountPath = mount.getKey().endsWith("/") ? mount.getKey() : mount.getKey() + "/";
      if (argument.equals(mount.getKey()) || argument.equals(mountPath)) {
        return mount.getValue().toString();
      }
      if (argument.startsWith(mountPath)) {
        return mount.getValue().resolve(argument.substring(mountPath.length())).toString();
      }
    }
    return argument;
  }

  private static Quantity memoryLimit(Container container) {
    if (container.getResources() == null || container.getResources().getLimits() == null) {
      return null;
    }
    return container.getResources().getLimits().get("memory");
  }
}
