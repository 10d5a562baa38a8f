/**
 * How the tests run the demo image's intruder ({@code io.heapcapture.demo.intruder}), a compromised
 * application played, and how they read what it printed.
 */
package io.heapcapture.e2e.intruder;
