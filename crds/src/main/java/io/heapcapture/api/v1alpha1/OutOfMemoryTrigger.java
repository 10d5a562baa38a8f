package io.heapcapture.api.v1alpha1;

/** Enables adoption of the dumps a JVM writes on OutOfMemoryError; it has no settings yet. */
public class OutOfMemoryTrigger {}
