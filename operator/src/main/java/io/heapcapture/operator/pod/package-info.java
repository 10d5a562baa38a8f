/** What the operator reads off an application pod's spec, for injection and capture alike. */
package io.heapcapture.operator.pod;
