package io.heapcapture.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HeapDumpPathTest {
  private static final String DEFAULT = "/heapcapture/dumps";

  static Stream<Arguments> containers() {
    return Stream.of(
        row("no option", c -> c, DEFAULT, null),
        row(
            "a directory in JAVA_TOOL_OPTIONS",
            env(
                "JAVA_TOOL_OPTIONS",
                "-Xmx1g -XX:HeapDumpPath=/dumps -XX:+HeapDumpOnOutOfMemoryError"),
            "/dumps",
            null),
        row(
            "a file in JAVA_TOOL_OPTIONS",
            env("JAVA_TOOL_OPTIONS", "-XX:HeapDumpPath=/var/dumps/app.hprof"),
            "/var/dumps",
            null),
        row(
            "a file named by pid",
            env("JAVA_OPTS", "-XX:HeapDumpPath=/var/dumps/java_%p"),
            "/var/dumps",
            null),
        row(
            "a directory with a trailing slash",
            env("JDK_JAVA_OPTIONS", "-XX:HeapDumpPath=/dumps/"),
            "/dumps",
            null),
        row(
            "a quoted value",
            env("JAVA_OPTS", "-XX:HeapDumpPath=\"/dumps/x\" -Xmx1g"),
            "/dumps/x",
            null),
        row(
            "JDK_JAVA_OPTIONS over JAVA_TOOL_OPTIONS",
            c ->
                env("JDK_JAVA_OPTIONS", "-XX:HeapDumpPath=/second")
                    .apply(env("JAVA_TOOL_OPTIONS", "-XX:HeapDumpPath=/first").apply(c)),
            "/second",
            null),
        row(
            "the command line over the variables",
            c ->
                env("JAVA_TOOL_OPTIONS", "-XX:HeapDumpPath=/from-env")
                    .apply(c)
                    .withCommand("java", "-XX:HeapDumpPath=/from-command", "-jar", "app.jar"),
            "/from-command",
            null),
        row(
            "a shell line in args",
            c ->
                c.withCommand("sh", "-c")
                    .withArgs("exec java -XX:HeapDumpPath=/data/heap.hprof -jar /app.jar"),
            "/data",
            null),
        row(
            "a $(VAR) reference",
            env("JAVA_TOOL_OPTIONS", "-XX:HeapDumpPath=$(DUMP_DIR)"),
            DEFAULT,
            "names a variable"),
        row(
            "a shell variable",
            c -> c.withArgs("java -XX:HeapDumpPath=${DUMPS} -jar a.jar"),
            DEFAULT,
            "names a variable"),
        row(
            "a relative path",
            env("JAVA_TOOL_OPTIONS", "-XX:HeapDumpPath=dumps"),
            DEFAULT,
            "is not an absolute path"),
        row(
            "the root directory",
            env("JAVA_TOOL_OPTIONS", "-XX:HeapDumpPath=/heap.hprof"),
            DEFAULT,
            "is in /"),
        row(
            "a value from a ConfigMap",
            c ->
                c.addToEnv(
                    new EnvVarBuilder()
                        .withName("JAVA_TOOL_OPTIONS")
                        .withNewValueFrom()
                        .withNewConfigMapKeyRef("opts", "jvm", false)
                        .endValueFrom()
                        .build()),
            DEFAULT,
            "JAVA_TOOL_OPTIONS (from valueFrom) is not in the pod spec"),
        row(
            "a literal after a valueFrom one",
            c ->
                env("JAVA_OPTS", "-XX:HeapDumpPath=/dumps")
                    .apply(
                        c.addToEnv(
                            new EnvVarBuilder()
                                .withName("JAVA_TOOL_OPTIONS")
                                .withNewValueFrom()
                                .withNewFieldRef("v1", "metadata.name")
                                .endValueFrom()
                                .build())),
            "/dumps",
            null),
        row(
            "an unrelated variable",
            env("OTHER_OPTS", "-XX:HeapDumpPath=/elsewhere"),
            DEFAULT,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void findsWhereTheJvmWritesDumps(
      UnaryOperator<ContainerBuilder> spec, String directory, String warning) {
    Container app = spec.apply(new ContainerBuilder().withName("app")).build();

    HeapDumpPath.DumpDirectory found = HeapDumpPath.directory(app, DEFAULT);

    assertThat(found.path()).isEqualTo(directory);
    if (warning == null) {
      assertThat(found.warning()).isEmpty();
    } else {
      assertThat(found.warning())
          .hasValueSatisfying(
              w ->
                  assertThat(w)
                      .contains(warning)
                      .endsWith("the dump volume is mounted at " + DEFAULT + " instead"));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "/dumps, /dumps",
    "/dumps/, /dumps",
    "/dumps/app.hprof, /dumps",
    "/a/b/java_%p.hprof, /a/b",
    "/dumps.d, /dumps.d",
    "/heap.hprof, /"
  })
  void aPathEndingInHprofIsAFile(String path, String directory) {
    assertThat(HeapDumpPath.directoryOf(path)).isEqualTo(directory);
  }

  private static UnaryOperator<ContainerBuilder> env(String name, String value) {
    return c -> c.addNewEnv().withName(name).withValue(value).endEnv();
  }

  private static Arguments row(
      String name, UnaryOperator<ContainerBuilder> spec, String directory, String warning) {
    return Arguments.of(Named.of(name, spec), directory, warning);
  }
}
