package io.heapcapture.corpus.framework.shop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Shopping carts by session. <b>The leak</b>: a cart is only removed at checkout ({@link
 * #checkout}), and most sessions are abandoned, so {@link #cartsBySession} grows with every visit;
 * the expiry job its author meant to write was never written.
 *
 * <p>The fix, as deployed with {@code shop.carts.max-open} set (the control case {@link
 * BoundedCartsShop}): at most that many open carts, the least recently used dropped first.
 */
@Service
public class CartService {
  private final Map<String, ShoppingCart> cartsBySession;
  private final ProductCatalog catalog;

  public CartService(ProductCatalog catalog, @Value("${shop.carts.max-open:0}") long maxOpen) {
    this.catalog = catalog;
    this.cartsBySession = maxOpen > 0 ? leastRecentlyUsed(maxOpen) : new ConcurrentHashMap<>();
  }

  private static Map<String, ShoppingCart> leastRecentlyUsed(long maxOpen) {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ShoppingCart> eldest) {
            return size() > maxOpen;
          }
        });
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
