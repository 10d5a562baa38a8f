/**
 * Analysis of stored dumps: the analyzer Job (sized from the dump, holding only presigned URLs),
 * the choice of a baseline, and the report's headline in status.
 */
package io.heapcapture.operator.analysis;
