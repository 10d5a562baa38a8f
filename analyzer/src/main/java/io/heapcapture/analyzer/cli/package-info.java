/** The command-line front end: {@code analyze <dump> [--baseline <earlier dump>]}. */
package io.heapcapture.analyzer.cli;
