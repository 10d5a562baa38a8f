package io.heapcapture.corpus.jvm.billing;

/** A billed customer, as the account service returns it. */
public record CustomerAccount(
    String accountId, String tenantId, String tariffCode, String vatId, String billingEmail) {}
