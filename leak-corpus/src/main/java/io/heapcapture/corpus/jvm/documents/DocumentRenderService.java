package io.heapcapture.corpus.jvm.documents;

import io.heapcapture.corpus.jvm.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders invoices and letters to PDF on a small pool; a document-event stream asks for each new
 * revision to be rendered, and the result is cached in a {@code WeakHashMap}.
 *
 * <p><b>Leak:</b> {@code RenderCache.renderedByKey} is a {@code WeakHashMap} whose values ({@link
 * RenderedDocument}) hold their own keys, so entries are never cleared; every revision ever
 * rendered stays, about 3 KiB each. <b>Trap:</b> the {@code TemplateRepository} (2,000 templates
 * with embedded fonts, about 50 MiB) is bigger and stable; and a WeakHashMap looks harmless.
 * <b>Expected diagnosis:</b> {@code RenderedDocument} objects accumulate in the map held by {@code
 * RenderCache.renderedByKey}: the application's field is what to fix (the map's own {@code table}
 * is an implementation detail).
 */
public final class DocumentRenderService {
  private final TemplateRepository templates;
  private final RenderCache cache = new RenderCache();
  private final AtomicLong rendered = new AtomicLong();

  DocumentRenderService(TemplateRepository templates) {
    this.templates = templates;
  }

  RenderedDocument render(DocumentKey key) {
    RenderedDocument cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    DocumentTemplate template = templates.find(key.documentId().hashCode());
    ThreadLocalRandom r = ThreadLocalRandom.current();
    List<PageLayout> pages = new ArrayList<>();
    int pageCount = 1 + r.nextInt(3);
    for (int p = 0; p < pageCount; p++) {
      pages.add(new PageLayout(p + 1, new float[64]));
    }
    byte[] pdf = new byte[1500 + r.nextInt(1000)];
    pdf[0] = (byte) template.locale().charAt(0);
    RenderedDocument doc = new RenderedDocument(key, pdf, pages);
    cache.put(doc);
    rendered.incrementAndGet();
    return doc;
  }

  public static void main(String[] args) throws Exception {
    DocumentRenderService service = new DocumentRenderService(new TemplateRepository(2_000));
    ExecutorService renderers = Executors.newFixedThreadPool(2, HeapDumps.named("pdf-renderer"));
    ScheduledExecutorService events =
        Executors.newSingleThreadScheduledExecutor(HeapDumps.named("document-events"));
    AtomicInteger documents = new AtomicInteger();
    // about 2,000 renders a second: mostly new revisions, some repeats of recent ones
    events.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < 20; i++) {
            int doc = documents.incrementAndGet();
            DocumentKey key = new DocumentKey("tenant-" + doc % 40, "doc-" + doc / 3, doc % 3);
            renderers.execute(() -> service.render(key));
            renderers.execute(
                () ->
                    service.render(
                        new DocumentKey(key.tenantId(), key.documentId(), key.revision())));
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    HeapDumps.baselineAndLater(args, 1_500, 5_000, "cached", () -> service.cache.size());
    System.out.println("rendered: " + service.rendered.get());
    System.out.println("done");
    HeapDumps.shutdown(events, renderers);
  }
}
