/**
 * Object storage: multipart uploads that the operator opens, authorizes part by part with presigned
 * URLs, completes or aborts. Only this package holds storage credentials.
 */
package io.heapcapture.operator.storage;
