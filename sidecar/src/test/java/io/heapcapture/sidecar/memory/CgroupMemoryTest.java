package io.heapcapture.sidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.heapcapture.sidecar.testing.FakeProc;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container memory through a fake {@code /proc/<pid>/root/sys/fs/cgroup}, v1 and v2. */
class CgroupMemoryTest {
  static final long MB = 1024 * 1024;
  static final long PID = FakeProc.FIRST_PID;
  static final String V1_UNLIMITED = "9223372036854771712\n";

  @TempDir Path dir;
  FakeProc.Entry process;
  CgroupMemory memory;

  @BeforeEach
  void setUp() {
    FakeProc proc = new FakeProc(dir);
    process = proc.process(PID);
    memory = new CgroupMemory(proc.root());
  }

  @Test
  void v2InTheContainersOwnCgroupNamespace() throws Exception {
    // Seen from the sidecar's namespace the path climbs out of it: the mount is the container's.
    process.cgroup("0::/../cri-containerd-app.scope\n");
    v2("root/sys/fs/cgroup", 300 * MB, 100 * MB, Long.toString(400 * MB));

    assertThat(memory.workingSetPercent(PID)).isCloseTo(50.0, within(0.001));
  }

  @Test
  void v2WithTheHostsHierarchyMounted() throws Exception {
    process.cgroup("0::/kubepods/pod1/app\n");
    v2("root/sys/fs/cgroup", 10 * MB, 0, "max");
    v2("root/sys/fs/cgroup/kubepods/pod1/app", 100 * MB, 20 * MB, Long.toString(320 * MB));

    assertThat(memory.workingSetPercent(PID)).isCloseTo(25.0, within(0.001));
  }

  @Test
  void v2WithoutALimit() {
    process.cgroup("0::/\n");
    v2("root/sys/fs/cgroup", 300 * MB, 100 * MB, "max");

    assertThatThrownBy(() -> memory.workingSetPercent(PID))
        .hasMessage("no memory limit: the container's cgroup is unlimited");
  }

  @Test
  void v2RootCgroupHasNoLimit() {
    process.cgroup("0::/\n");
    process.file("root/sys/fs/cgroup/memory.stat", "anon 1\ninactive_file 2\n");

    assertThatThrownBy(() -> memory.workingSetPercent(PID))
        .hasMessage("no memory limit: the process is in the root cgroup");
  }

  @Test
  void v1WithTheHostsHierarchyMounted() throws Exception {
    process.cgroup("11:cpu,cpuacct:/kubepods/pod1/app\n9:memory:/kubepods/pod1/app\n");
    v1("root/sys/fs/cgroup/memory", 1000 * MB, 0, V1_UNLIMITED, "");
    v1("root/sys/fs/cgroup/memory/kubepods/pod1/app", 200 * MB, 50 * MB, 300 * MB + "\n", "");

    assertThat(memory.workingSetPercent(PID)).isCloseTo(50.0, within(0.001));
  }

  @Test
  void v1WithTheContainersCgroupBindMounted() throws Exception {
    process.cgroup("9:memory:/kubepods/pod1/app\n");
    v1("root/sys/fs/cgroup/memory", 200 * MB, 50 * MB, 300 * MB + "\n", "");

    assertThat(memory.workingSetPercent(PID)).isCloseTo(50.0, within(0.001));
  }

  @Test
  void v1UnlimitedContainerInALimitedPodTakesThePodsLimit() throws Exception {
    process.cgroup("9:memory:/\n");
    v1(
        "root/sys/fs/cgroup/memory",
        200 * MB,
        50 * MB,
        V1_UNLIMITED,
        "hierarchical_memory_limit " + 600 * MB + "\n");

    assertThat(memory.workingSetPercent(PID)).isCloseTo(25.0, within(0.001));
  }

  @Test
  void v1WithoutALimit() {
    process.cgroup("9:memory:/\n");
    v1("root/sys/fs/cgroup/memory", 200 * MB, 50 * MB, V1_UNLIMITED, "");

    assertThatThrownBy(() -> memory.workingSetPercent(PID))
        .hasMessage("no memory limit: the container's cgroup is unlimited");
  }

  @Test
  void inactiveFileAboveUsageLeavesTheUsage() throws Exception {
    process.cgroup("0::/\n");
    v2("root/sys/fs/cgroup", 100 * MB, 150 * MB, Long.toString(200 * MB));

    assertThat(memory.workingSetPercent(PID)).isCloseTo(50.0, within(0.001));
  }

  @Test
  void aProcessInNoMemoryCgroup() {
    process.cgroup("1:name=systemd:/\n");

    assertThatThrownBy(() -> memory.workingSetPercent(PID))
        .hasMessageContaining("no memory cgroup");
  }

  private void v2(String at, long current, long inactiveFile, String max) {
    process
        .file(at + "/memory.current", current + "\n")
        .file(at + "/memory.max", max + "\n")
        .file(
            at + "/memory.stat",
            "anon 1\nfile 2\nactive_file 3\ninactive_file " + inactiveFile + "\nslab 4\n");
  }

  private void v1(String at, long usage, long inactiveFile, String limit, String extraStat) {
    process
        .file(at + "/memory.usage_in_bytes", usage + "\n")
        .file(at + "/memory.limit_in_bytes", limit)
        .file(
            at + "/memory.stat",
            "cache 1\nrss 2\ninactive_file 7\n"
                + extraStat
                + "total_cache 1\ntotal_inactive_file "
                + inactiveFile
                + "\ntotal_active_file 3\n");
  }
}
