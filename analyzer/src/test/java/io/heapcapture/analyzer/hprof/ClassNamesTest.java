package io.heapcapture.analyzer.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassNamesTest {

  @ParameterizedTest
  @CsvSource({
    "java/lang/String, java.lang.String",
    "[B, byte[]",
    "[[I, int[][]",
    "[Z, boolean[]",
    "[Ljava/lang/Object;, java.lang.Object[]",
    "[[Ljava/util/Map$Entry;, java.util.Map$Entry[][]",
    "Quiet$$Lambda$1+0x00007fb978000a08, Quiet$$Lambda$1/0x00007fb978000a08",
    "java/lang/invoke/LambdaForm$MH+0x0000000800c03000, java.lang.invoke.LambdaForm$MH/0x0000000800c03000",
    "com/example/A+B, com.example.A+B",
    "java.lang.Object[], java.lang.Object[]",
    "byte[], byte[]"
  })
  void givesJavaSourceNames(String vmName, String javaName) {
    assertThat(ClassNames.javaName(vmName)).isEqualTo(javaName);
  }
}
