package io.heapcapture.corpus.framework.shop;

import java.util.Map;

/**
 * The control beside {@link ShopApplication}: the same shop, the same traffic and the same Spring
 * context and catalogue, with the fix deployed ({@code shop.carts.max-open=400}: the 400 most
 * recently used carts stay open, older ones are dropped). The number of carts is the same in both
 * dumps, so nothing grows: a correct analysis names no strong suspect, neither the catalogue (big
 * and stable) nor the bean factory that holds every bean.
 *
 * <p>Run: {@code BoundedCartsShop <baseline.hprof> <later.hprof>}.
 */
public final class BoundedCartsShop {
  private BoundedCartsShop() {}

  public static void main(String[] args) throws Exception {
    ShopApplication.run(args, Map.of("shop.carts.max-open", "400"));
  }
}
