package io.heapcapture.corpus.jvm.imaging;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.heapcapture.corpus.jvm.HeapDumps;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CONTROL, no leak. A thumbnail service: workers borrow 1 MiB tile buffers from a fixed pool of 48,
 * scale an image into them, return them, and keep encoded thumbnails in a Guava cache bounded at
 * 3,000 entries (about 36 MiB), with a request key space far larger than the cache. Pool and cache
 * are full before the baseline dump. A correct diagnosis finds no leak.
 */
public final class ThumbnailService {
  private final PixelBufferPool pool = new PixelBufferPool(48, 1 << 20);
  private final Cache<String, Thumbnail> thumbnails =
      CacheBuilder.newBuilder().maximumSize(3_000).recordStats().build();
  private final AtomicLong rendered = new AtomicLong();

  Thumbnail thumbnail(String imageId, int size) throws Exception {
    return thumbnails.get(
        imageId + "@" + size,
        () -> {
          PixelBuffer buffer = pool.borrow();
          try {
            buffer.width = size;
            buffer.height = size;
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = 0; i < size * size * 4; i += 4096) {
              buffer.rgba[i] = (byte) r.nextInt();
            }
            byte[] jpeg = new byte[8_000 + r.nextInt(8_000)];
            System.arraycopy(buffer.rgba, 0, jpeg, 0, 1024);
            rendered.incrementAndGet();
            return new Thumbnail(imageId, size, jpeg);
          } finally {
            pool.release(buffer);
          }
        });
  }

  public static void main(String[] args) throws Exception {
    ThumbnailService service = new ThumbnailService();
    ExecutorService workers = Executors.newFixedThreadPool(4, HeapDumps.named("thumbnail-worker"));
    ScheduledExecutorService load =
        Executors.newSingleThreadScheduledExecutor(HeapDumps.named("image-requests"));
    int[] sizes = {64, 128, 256};
    for (int i = 0; service.thumbnails.size() < 3_000; i++) {
      service.thumbnail("img-" + i, sizes[i % 3]);
    }
    load.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < 20; i++) {
            workers.execute(
                () -> {
                  ThreadLocalRandom r = ThreadLocalRandom.current();
                  try {
                    service.thumbnail("img-" + r.nextInt(500_000), sizes[r.nextInt(3)]);
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                });
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    HeapDumps.pause(1_500);
    service.thumbnails.cleanUp();
    System.out.println(
        "cached at baseline: "
            + service.thumbnails.size()
            + ", pool free "
            + service.pool.available());
    HeapDumps.dump(args[0]);
    HeapDumps.pause(4_000);
    service.thumbnails.cleanUp();
    System.out.println(
        "cached later: " + service.thumbnails.size() + ", pool free " + service.pool.available());
    HeapDumps.dump(args[1]);
    System.out.println("rendered: " + service.rendered.get());
    System.out.println("done");
    HeapDumps.shutdown(load, workers);
  }
}
