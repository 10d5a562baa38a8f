/** Ranking leak suspects from dominance and growth, each with one plain sentence. */
package io.heapcapture.analyzer.suspects;
