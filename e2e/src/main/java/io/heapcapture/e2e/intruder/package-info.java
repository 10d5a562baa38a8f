/**
 * A compromised application, as a program: reads what a pod's processes expose and tries to command
 * sidecars with what it found. JDK only, so it runs in any application container.
 */
package io.heapcapture.e2e.intruder;
