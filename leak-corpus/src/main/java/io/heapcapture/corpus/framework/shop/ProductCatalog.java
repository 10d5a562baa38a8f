package io.heapcapture.corpus.framework.shop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Service;

/**
 * The catalogue, read into memory when the application starts and never changed afterwards: a big
 * but stable structure, and the trap beside the leak (it is the largest retainer in both dumps).
 */
@Service
public class ProductCatalog {
  static final int PRODUCTS = 80_000;
  private static final String[] CATEGORIES = {
    "garden", "kitchen", "outdoor", "books", "toys", "tools", "audio", "lighting", "office", "pets"
  };

  private final Map<String, Product> productsBySku = new HashMap<>();
  private final Map<String, List<Product>> productsByCategory = new HashMap<>();

  public ProductCatalog() {
    for (int i = 0; i < PRODUCTS; i++) {
      String category = CATEGORIES[i % CATEGORIES.length];
      StringBuilder description = new StringBuilder(360);
      while (description.length() < 320) {
        description
            .append("Item ")
            .append(i)
            .append(" for ")
            .append(category)
            .append(", durable, ")
            .append(Long.toHexString(ThreadLocalRandom.current().nextLong()))
            .append(". ");
      }
      Product p =
          new Product(
              sku(i),
              "Product " + i + " (" + category + ")",
              description.toString(),
              category,
              199 + (i * 37L) % 50_000,
              List.of(category, "tag-" + (i % 97), "season-" + (i % 4)));
      productsBySku.put(p.getSku(), p);
      productsByCategory.computeIfAbsent(category, c -> new ArrayList<>()).add(p);
    }
  }

  static String sku(int i) {
    return String.format("SKU-%07d", i);
  }

  public Product bySku(String sku) {
    Product p = productsBySku.get(sku);
    if (p == null) {
      throw new NoSuchElementException(sku);
    }
    return p;
  }

  public List<Product> inCategory(String category) {
    return productsByCategory.getOrDefault(category, List.of());
  }
}
