package io.heapcapture.corpus.jvm.storefront;

import com.google.common.collect.ImmutableMap;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/** The preloaded product catalogue: large, read by every request, and never changed. */
public final class ProductCatalog {
  private static final String[] CATEGORIES = {
    "kitchen", "garden", "outdoor", "toys", "books", "audio", "lighting", "office"
  };

  private final ImmutableMap<String, Product> productsBySku;

  private ProductCatalog(ImmutableMap<String, Product> productsBySku) {
    this.productsBySku = productsBySku;
  }

  static ProductCatalog preload(int count) {
    Random random = new Random(7);
    ImmutableMap.Builder<String, Product> builder = ImmutableMap.builderWithExpectedSize(count);
    for (int i = 0; i < count; i++) {
      String sku = "SKU-%07d".formatted(i);
      String category = CATEGORIES[i % CATEGORIES.length];
      builder.put(
          sku,
          new Product(
              sku,
              "Product " + i + " for " + category,
              ("A durable " + category + " item, model " + i + ". ").repeat(3),
              BigDecimal.valueOf(100 + random.nextInt(100_000), 2),
              category,
              List.of(category, "sale-" + (i % 13), "brand-" + (i % 97)),
              new byte[256 + random.nextInt(256)]));
    }
    return new ProductCatalog(builder.buildOrThrow());
  }

  Product find(String sku) {
    return productsBySku.get(sku);
  }

  int size() {
    return productsBySku.size();
  }
}
