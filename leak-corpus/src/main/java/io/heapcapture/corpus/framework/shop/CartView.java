package io.heapcapture.corpus.framework.shop;

import java.util.List;

/** The JSON answer describing a cart. */
public record CartView(String sessionId, List<Line> lines, long totalCents) {
  /** One line of the answer. */
  public record Line(String sku, String name, int quantity, long unitPriceCents) {}

  static CartView of(ShoppingCart cart) {
    return new CartView(
        cart.getSessionId(),
        cart.lines().stream()
            .map(
                l ->
                    new Line(
                        l.getProduct().getSku(),
                        l.getProduct().getName(),
                        l.getQuantity(),
                        l.getUnitPriceCents()))
            .toList(),
        cart.totalCents());
  }
}
