package io.heapcapture.e2e.node;

import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The node tests' fixture image: one static Go program ({@code src/test/go/testbox}) with a mode
 * for each thing a test pod does (sleep, exit, allocate, serve, look for a process, read and write
 * a file, dial). Built with {@code go build} and packed as a one-layer OCI image-layout tar, named
 * through the {@code io.containerd.image.name} annotation, so {@code ctr images import} needs no
 * base image and no registry.
 */
final class TestboxImage {
  static final String NAME = "heapcapture.local/testbox:1";
  static final String BINARY = "/testbox";

  private TestboxImage() {}

  /** Builds the image tar into {@code e2e/target/node-images/} (go build is cached by Go). */
  static Path build() {
    Path source = Testbed.root().resolve("e2e/src/test/go/testbox");
    Path work = Testbed.root().resolve("e2e/target/node-images/testbox");
    try {
      HostState.deleteTree(work);
      Path rootfs = Files.createDirectories(work.resolve("rootfs"));
      Files.createDirectories(rootfs.resolve("tmp"));
      run(
          source,
          List.of(
              "env",
              "CGO_ENABLED=0",
              "GOFLAGS=-mod=mod",
              "go",
              "build",
              "-trimpath",
              "-ldflags=-s -w",
              "-o",
              rootfs.resolve("testbox").toString(),
              "."));
      Path tar = work.resolveSibling("testbox.tar");
      pack(rootfs, work.resolve("oci"), tar);
      return tar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the testbox image in " + work, e);
    }
  }

  private static void pack(Path rootfs, Path layout, Path tar) throws IOException {
    Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    Path layerTar = layout.resolveSibling("layer.tar");
    // Reproducible: sorted names, owner root, a fixed time.
    run(
        rootfs,
        List.of(
            "tar",
            "--sort=name",
            "--owner=0",
            "--group=0",
            "--numeric-owner",
            "--mtime=@0",
            "-cf",
            layerTar.toString(),
            "."));
    String diffId = sha256(Files.readAllBytes(layerTar));
    Path layerGz = layout.resolveSibling("layer.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(layerGz))) {
      Files.copy(layerTar, out);
    }
    byte[] layer = Files.readAllBytes(layerGz);
    String layerDigest = blob(blobs, layer);
    byte[] config =
        """
        {"architecture":"amd64","os":"linux",\
        "config":{"Entrypoint":["%s"],"WorkingDir":"/"},\
        "rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}"""
            .formatted(BINARY, diffId)
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = blob(blobs, config);
    byte[] manifest =
        """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
        "config":{"mediaType":"application/vnd.oci.image.config.v1+json",\
        "digest":"sha256:%s","size":%d},\
        "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip",\
        "digest":"sha256:%s","size":%d}]}"""
            .formatted(configDigest, config.length, layerDigest, layer.length)
            .getBytes(StandardCharsets.UTF_8);
    String manifestDigest = blob(blobs, manifest);
    Files.writeString(
        layout.resolve("index.json"),
        """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",\
        "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",\
        "digest":"sha256:%s","size":%d,\
        "annotations":{"io.containerd.image.name":"%s"}}]}"""
            .formatted(manifestDigest, manifest.length, NAME));
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Path packed = tar.resolveSibling("testbox.tar.tmp");
    run(
        layout,
        List.of(
            "tar",
            "--sort=name",
            "--owner=0",
            "--group=0",
            "--numeric-owner",
            "--mtime=@0",
            "-cf",
            packed.toString(),
            "."));
    // Same content, same tar: the node skips an import it has done (keyed on size and time).
    if (!Files.exists(tar) || Files.mismatch(packed, tar) != -1) {
      Files.move(packed, tar, StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.delete(packed);
    }
  }

  private static String blob(Path blobs, byte[] content) throws IOException {
    String digest = sha256(content);
    Files.write(blobs.resolve(digest), content);
    return digest;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(Path dir, List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }
}
