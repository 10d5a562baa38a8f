package io.heapcapture.corpus.framework.shop;

import java.util.Map;

/**
 * The JSON body of {@code POST /api/carts/{sessionId}/items}; {@code personalisation} is the image
 * the shopper uploaded for a personalised product (base64 in the JSON).
 */
public record AddItemRequest(
    String sku,
    int quantity,
    String giftNote,
    Map<String, String> options,
    byte[] personalisation) {}
