/** The HotSpot attach protocol over the JVM's UNIX socket, without jdk.attach or jcmd. */
package io.heapcapture.sidecar.attach;
