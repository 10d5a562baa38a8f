package io.heapcapture.corpus.jvm.imaging;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** A fixed pool of tile buffers: borrowed, used, returned. */
public final class PixelBufferPool {
  private final BlockingQueue<PixelBuffer> free;

  PixelBufferPool(int buffers, int capacity) {
    free = new ArrayBlockingQueue<>(buffers);
    for (int i = 0; i < buffers; i++) {
      free.add(new PixelBuffer(capacity));
    }
  }

  PixelBuffer borrow() throws InterruptedException {
    return free.take();
  }

  void release(PixelBuffer buffer) {
    free.add(buffer);
  }

  int available() {
    return free.size();
  }
}
