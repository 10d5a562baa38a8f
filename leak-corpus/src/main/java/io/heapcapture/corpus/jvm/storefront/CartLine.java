package io.heapcapture.corpus.jvm.storefront;

import java.math.BigDecimal;

/** One line of a shopper's cart. */
public record CartLine(String sku, int quantity, BigDecimal unitPrice) {}
