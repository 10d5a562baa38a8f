package io.heapcapture.sidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.heapcapture.sidecar.api.Condition;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real cgroup v1 memory cgroup with a limit, made by the test (as root), holding a child process
 * that allocates: the probe, reading through {@code /proc/<pid>/root}, must agree with the kernel's
 * own accounting in that cgroup.
 */
class CgroupMemoryRealV1Test {
  static final Path V1_MEMORY = Path.of("/sys/fs/cgroup/memory");
  static final long LIMIT = 128L * 1024 * 1024;

  Path cgroup;
  Process child;

  @BeforeEach
  void createCgroup() throws IOException {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "not root");
    Assumptions.assumeTrue(
        Files.isRegularFile(V1_MEMORY.resolve("memory.limit_in_bytes")),
        "no cgroup v1 memory controller");
    cgroup = V1_MEMORY.resolve("heapcapture-test-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Files.createDirectory(cgroup);
    } catch (IOException e) {
      cgroup = null;
      Assumptions.abort("cannot create a memory cgroup: " + e);
    }
    Files.writeString(cgroup.resolve("memory.limit_in_bytes"), Long.toString(LIMIT));
  }

  @AfterEach
  void removeCgroup() throws Exception {
    if (child != null) {
      child.descendants().forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly();
      child.waitFor();
    }
    if (cgroup != null) {
      // The kernel frees the cgroup once its last task has exited: that can lag the kill a little.
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> {
                Files.deleteIfExists(cgroup);
                return true;
              });
    }
  }

  @Test
  void workingSetAgreesWithTheKernelsAccounting() throws Exception {
    // The shell waits until it is in the cgroup, then dd fills a 32 MiB buffer and stays alive,
    // blocked writing into a pipe that sleep never reads.
    child =
        new ProcessBuilder(
                "sh", "-c", "read go; dd if=/dev/zero bs=32M count=1 2>/dev/null | sleep 60")
            .start();
    Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(child.pid()));
    OutputStream stdin = child.getOutputStream();
    stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> read("memory.usage_in_bytes") > 32L * 1024 * 1024);

    Reading reading =
        new ProcMemoryProbe(Path.of("/proc")).read(Condition.CONTAINER_MEMORY_PERCENT, child.pid());

    long usage = read("memory.usage_in_bytes");
    long inactiveFile = statField("total_inactive_file");
    double expected = 100.0 * (usage - inactiveFile) / LIMIT;
    assertThat(reading.unavailableReason()).isNull();
    assertThat(reading.value()).isCloseTo(expected, within(2.0)).isGreaterThan(25.0);
  }

  @Test
  void anUnlimitedCgroupHasNoLimit() throws Exception {
    Files.writeString(cgroup.resolve("memory.limit_in_bytes"), "-1");
    child = new ProcessBuilder("sleep", "60").start();
    Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(child.pid()));

    Reading reading =
        new ProcMemoryProbe(Path.of("/proc")).read(Condition.CONTAINER_MEMORY_PERCENT, child.pid());

    // Unless a parent cgroup of the test's own has a limit, which memory.stat then reports.
    if (statField("hierarchical_memory_limit") >= 1L << 62) {
      assertThat(reading.unavailableReason())
          .isEqualTo("no memory limit: the container's cgroup is unlimited");
    } else {
      assertThat(reading.isAvailable()).isTrue();
    }
  }

  private long read(String file) throws IOException {
    return Long.parseLong(Files.readString(cgroup.resolve(file)).trim());
  }

  private long statField(String name) throws IOException {
    return Files.readString(cgroup.resolve("memory.stat"))
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .mapToLong(line -> Long.parseLong(line.substring(name.length() + 1).trim()))
        .findFirst()
        .orElseThrow();
  }
}
