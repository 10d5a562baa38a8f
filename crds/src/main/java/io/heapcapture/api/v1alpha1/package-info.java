/**
 * The {@code heapcapture.io/v1alpha1} API: the {@code HeapCapture} and {@code HeapCapturePolicy}
 * custom resources. The CRD YAML in {@code charts/heapcapture/crds/} is generated from these
 * classes; validation and defaults live here, in the schema, so the API server refuses bad input
 * before any controller sees it.
 */
package io.heapcapture.api.v1alpha1;
