package io.heapcapture.corpus.framework.shop;

import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The shop's REST API. */
@RestController
@RequestMapping("/api")
public class ShopController {
  private final ProductCatalog catalog;
  private final CartService carts;

  public ShopController(ProductCatalog catalog, CartService carts) {
    this.catalog = catalog;
    this.carts = carts;
  }

  @GetMapping("/products/{sku}")
  public Product product(@PathVariable String sku) {
    return catalog.bySku(sku);
  }

  @PostMapping("/carts/{sessionId}/items")
  @ResponseStatus(HttpStatus.CREATED)
  public CartView addItem(
      @PathVariable String sessionId,
      @RequestHeader(value = "User-Agent", defaultValue = "") String userAgent,
      @RequestHeader(value = "Referer", defaultValue = "") String referrer,
      @RequestBody AddItemRequest request) {
    return CartView.of(carts.addItem(sessionId, userAgent, referrer, request));
  }

  @GetMapping("/carts/{sessionId}")
  public ResponseEntity<CartView> cart(@PathVariable String sessionId) {
    ShoppingCart cart = carts.cart(sessionId);
    return cart == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(CartView.of(cart));
  }

  @PostMapping("/carts/{sessionId}/checkout")
  public ResponseEntity<CartView> checkout(@PathVariable String sessionId) {
    ShoppingCart cart = carts.checkout(sessionId);
    return cart == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(CartView.of(cart));
  }

  @ExceptionHandler(NoSuchElementException.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  public String unknown(NoSuchElementException e) {
    return e.getMessage();
  }
}
