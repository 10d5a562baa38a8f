package io.heapcapture.e2e.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LocalCommandTest {
  private static final Path JAVA = Path.of("/jdk/bin/java");
  private static final Path JAR = Path.of("/repo/analyzer/target/heapcapture-analyzer-1-all.jar");
  private final LocalCommand command =
      new LocalCommand(JAVA, Map.<String, Supplier<Path>>of(JobRunner.ANALYZER_JAR, () -> JAR));

  private static Container analyzer(String memory) {
    ContainerBuilder c =
        new ContainerBuilder()
            .withName("analyzer")
            .withCommand("java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/heapcapture/analyzer.jar")
            .withArgs("$(DUMP_URL)", "--json", "$(MISSING)", "--work-dir", "/work", "--x=/work/y");
    if (memory != null) {
      c.withNewResources().addToLimits("memory", new Quantity(memory)).endResources();
    }
    return c.build();
  }

  @Test
  void mapsJavaTheJarAndMountsAndExpandsVariables() throws Exception {
    Map<String, Path> mounts = new LinkedHashMap<>();
    mounts.put("/work", Path.of("/run/job/work"));

    List<String> line =
        command.of(analyzer(null), Map.of("DUMP_URL", "http://s3/b/d.hprof?sig=1"), mounts);

    assertThat(line)
        .containsExactly(
            "/jdk/bin/java",
            "-XX:MaxRAMPercentage=75",
            "-jar",
            JAR.toString(),
            "http://s3/b/d.hprof?sig=1",
            "--json",
            "$(MISSING)",
            "--work-dir",
            "/run/job/work",
            "--x=/work/y");
  }

  @Test
  void pathsUnderAMountMoveWithIt() throws Exception {
    Container c =
        new ContainerBuilder()
            .withName("c")
            .withCommand("cat", "/work/in/a.txt", "/workshop/b")
            .build();

    assertThat(command.of(c, Map.of(), Map.of("/work", Path.of("/local/w"))))
        .containsExactly("cat", "/local/w/in/a.txt", "/workshop/b");
  }

  @Test
  void memoryLimitBecomesMaxRamRightAfterJava() throws Exception {
    List<String> line = command.of(analyzer("512Mi"), Map.of(), Map.of());

    assertThat(line.subList(0, 3))
        .containsExactly("/jdk/bin/java", "-XX:MaxRAM=536870912", "-XX:MaxRAMPercentage=75");
    assertThat(command.of(analyzer("1G"), Map.of(), Map.of())).contains("-XX:MaxRAM=1000000000");
  }

  @Test
  void aJarThatIsNotBuiltCannotStart() {
    LocalCommand unbuilt =
        new LocalCommand(
            JAVA,
            Map.<String, Supplier<Path>>of(
                JobRunner.ANALYZER_JAR,
                () -> {
                  throw new IllegalStateException("no built jar in analyzer/target");
                }));

    assertThatThrownBy(() -> unbuilt.of(analyzer(null), Map.of(), Map.of()))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageContaining("no built jar");
  }
}
