package io.heapcapture.corpus.framework.shop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Shopping carts by session. <b>The leak</b>: a cart is only removed at checkout ({@link
 * #checkout}), and most sessions are abandoned, so {@link #cartsBySession} grows with every visit;
 * the expiry job its author meant to write was never written.
 */
@Service
public class CartService {
  private final Map<String, ShoppingCart> cartsBySession = new ConcurrentHashMap<>();
  private final ProductCatalog catalog;

  public CartService(ProductCatalog catalog) {
    this.catalog = catalog;
  }

  public ShoppingCart addItem(
      String sessionId, String userAgent, String referrer, AddItemRequest request) {
    Product product = catalog.bySku(request.sku());
    ShoppingCart cart =
        cartsBySession.computeIfAbsent(sessionId, id -> new ShoppingCart(id, userAgent, referrer));
    cart.add(
        new CartLine(
            product,
            request.quantity(),
            product.getPriceCents(),
            request.giftNote(),
            Map.copyOf(request.options()),
            request.personalisation()));
    return cart;
  }

  public ShoppingCart cart(String sessionId) {
    return cartsBySession.get(sessionId);
  }

  public ShoppingCart checkout(String sessionId) {
    return cartsBySession.remove(sessionId);
  }

  public int openCarts() {
    return cartsBySession.size();
  }
}
