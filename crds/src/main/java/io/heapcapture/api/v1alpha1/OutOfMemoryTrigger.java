package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Enables adoption of the dumps a JVM writes on OutOfMemoryError; it has no settings yet.
 *
 * <p>Jackson refuses to write a bean without properties, unless the class carries one of its
 * annotations: then it writes {@code {}}. The operator's client copies every policy it reconciles
 * through Jackson, so this annotation is what makes {@code outOfMemory: {}} work.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutOfMemoryTrigger {}
