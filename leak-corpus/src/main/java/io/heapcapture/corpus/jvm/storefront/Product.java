package io.heapcapture.corpus.jvm.storefront;

import java.math.BigDecimal;
import java.util.List;

/** A product of the catalogue, loaded once at start-up. */
public record Product(
    String sku,
    String title,
    String description,
    BigDecimal price,
    String category,
    List<String> tags,
    byte[] thumbnail) {}
