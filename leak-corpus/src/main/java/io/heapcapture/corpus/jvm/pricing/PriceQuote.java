package io.heapcapture.corpus.jvm.pricing;

import java.math.BigDecimal;

/** A computed price for a product, customer segment and quantity. */
public record PriceQuote(
    String sku,
    String segment,
    int quantity,
    BigDecimal unitPrice,
    BigDecimal discount,
    String currency,
    double[] breakdown) {}
