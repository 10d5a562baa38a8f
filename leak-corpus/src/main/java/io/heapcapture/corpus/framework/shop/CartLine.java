package io.heapcapture.corpus.framework.shop;

import java.util.Map;

/** One product in a cart, with what the shopper chose for it. */
public final class CartLine {
  private final Product product;
  private final int quantity;
  private final long unitPriceCents;
  private final String giftNote;
  private final Map<String, String> options;
  private final byte[] personalisation;

  public CartLine(
      Product product,
      int quantity,
      long unitPriceCents,
      String giftNote,
      Map<String, String> options,
      byte[] personalisation) {
    this.product = product;
    this.quantity = quantity;
    this.unitPriceCents = unitPriceCents;
    this.giftNote = giftNote;
    this.options = options;
    this.personalisation = personalisation;
  }

  public Product getProduct() {
    return product;
  }

  public int getQuantity() {
    return quantity;
  }

  public long getUnitPriceCents() {
    return unitPriceCents;
  }

  public String getGiftNote() {
    return giftNote;
  }

  public Map<String, String> getOptions() {
    return options;
  }

  public byte[] getPersonalisation() {
    return personalisation;
  }
}
