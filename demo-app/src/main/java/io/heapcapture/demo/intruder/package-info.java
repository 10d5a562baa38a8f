/**
 * A compromised application, played: it reads what an application container can reach and tries to
 * command sidecars with it. The tests run it inside the demo's own container, stand-in or real; it
 * ships only in the demo image, never in a heapcapture image.
 */
package io.heapcapture.demo.intruder;
