/**
 * The wire contract between the operator and the capture sidecar: JSON messages over HTTP.
 *
 * <p>Both sides depend on this package and nothing else of each other. Every request carries the
 * operator's namespace credential as a bearer token.
 */
package io.heapcapture.sidecar.api;
