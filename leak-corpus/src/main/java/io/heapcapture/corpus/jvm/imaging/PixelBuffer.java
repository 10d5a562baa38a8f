package io.heapcapture.corpus.jvm.imaging;

/** A reusable RGBA buffer for one image tile. */
public final class PixelBuffer {
  final byte[] rgba;
  int width;
  int height;

  PixelBuffer(int capacity) {
    this.rgba = new byte[capacity];
  }
}
