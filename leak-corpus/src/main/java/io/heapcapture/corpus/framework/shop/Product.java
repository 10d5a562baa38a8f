package io.heapcapture.corpus.framework.shop;

import java.util.List;

/** One article of the shop's catalogue, loaded once at start. */
public final class Product {
  private final String sku;
  private final String name;
  private final String description;
  private final String category;
  private final long priceCents;
  private final List<String> tags;

  public Product(
      String sku,
      String name,
      String description,
      String category,
      long priceCents,
      List<String> tags) {
    this.sku = sku;
    this.name = name;
    this.description = description;
    this.category = category;
    this.priceCents = priceCents;
    this.tags = tags;
  }

  public String getSku() {
    return sku;
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  public String getCategory() {
    return category;
  }

  public long getPriceCents() {
    return priceCents;
  }

  public List<String> getTags() {
    return tags;
  }
}
