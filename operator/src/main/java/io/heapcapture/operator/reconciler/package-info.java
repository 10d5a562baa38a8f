/** The thin java-operator-sdk reconciler: it delegates the work and writes the status. */
package io.heapcapture.operator.reconciler;
