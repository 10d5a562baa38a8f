package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Picks one JVM among several in the target container. */
public class ProcessSpec {
  @Required
  @Size(min = 1, max = 256)
  @JsonPropertyDescription(
      "Regular expression (Java syntax) that the JVM's command line must contain, for example"
          + " the main class or the jar name.")
  private String commandPattern;

  public String getCommandPattern() {
    return commandPattern;
  }

  public void setCommandPattern(String commandPattern) {
    this.commandPattern = commandPattern;
  }
}
