package io.heapcapture.e2e;

import io.heapcapture.e2e.cluster.LocalS3;
import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The AWS command-line client (built into the cache by dev/build-test-binaries.sh): a second,
 * independent S3 client, so a test does not trust the project's own code to read what it wrote.
 */
public final class AwsCli {
  private AwsCli() {}

  public static Path binary() {
    return Testbed.tool("aws");
  }

  /** Downloads s3://bucket/key into {@code file}. */
  public static void download(LocalS3 s3, String uri, Path file)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    binary().toString(),
                    "--endpoint-url",
                    s3.endpoint().toString(),
                    "--region",
                    s3.region(),
                    "s3",
                    "cp",
                    "--no-progress",
                    uri,
                    file.toString()))
            .redirectErrorStream(true);
    builder.environment().put("AWS_ACCESS_KEY_ID", s3.accessKey());
    builder.environment().put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
    builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
    builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("aws s3 cp " + uri + " failed: " + output);
    }
  }
}
