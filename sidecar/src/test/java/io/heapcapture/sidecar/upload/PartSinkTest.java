package io.heapcapture.sidecar.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.sidecar.api.UploadedPart;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PartSinkTest {
  private final InMemoryPartPublisher publisher = new InMemoryPartPublisher();
  private final PartSink sink = new PartSink(publisher, 4);

  @Test
  void cutsWritesOfAnyLengthIntoFullParts() throws IOException {
    sink.write(new byte[] {1, 2, 3});
    sink.write(new byte[] {4, 5, 6, 7, 8, 9, 10});
    sink.write(11);
    sink.close();

    assertThat(publisher.parts())
        .containsExactly(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8}, new byte[] {9, 10, 11});
    assertThat(sink.parts()).extracting(UploadedPart::partNumber).containsExactly(1, 2, 3);
  }

  @Test
  void anExactMultipleOfThePartSizeEndsWithoutAnEmptyPart() throws IOException {
    sink.write(new byte[8]);
    sink.close();

    assertThat(sink.parts()).extracting(UploadedPart::size).containsExactly(4L, 4L);
  }

  @Test
  void nothingWrittenIsOneEmptyPartSoTheUploadCanComplete() throws IOException {
    sink.close();
    sink.close();

    assertThat(sink.parts()).containsExactly(new UploadedPart(1, "\"etag-1\"", 0));
  }
}
