package io.heapcapture.sidecar.attach;

/**
 * What the JVM answered to one attach command.
 *
 * @param code the result code; 0 means the command ran (it may still report an error in output)
 * @param output the command's text output
 */
public record AttachResponse(int code, String output) {
  /** Whether the JVM accepted and ran the command. */
  public boolean ok() {
    return code == 0;
  }
}
