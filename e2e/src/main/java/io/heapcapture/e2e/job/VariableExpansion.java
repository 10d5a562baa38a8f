package io.heapcapture.e2e.job;

import java.util.function.Function;

/**
 * Kubernetes' expansion of {@code $(VAR)} references in a container's command, args and env values,
 * after {@code k8s.io/kubernetes/third_party/forked/golang/expansion}: {@code $$} is a literal
 * {@code $}, so {@code $$(VAR)} stays {@code $(VAR)}; a reference to an undefined variable stays as
 * written; a {@code $} not followed by {@code (} or {@code $}, and an unclosed {@code $(}, are
 * kept.
 */
public final class VariableExpansion {
  private VariableExpansion() {}

  /** {@code input} with references replaced by {@code lookup} (null: undefined). */
  public static String expand(String input, Function<String, String> lookup) {
    StringBuilder out = new StringBuilder(input.length());
    int checkpoint = 0;
    for (int cursor = 0; cursor < input.length(); cursor++) {
      if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
        continue;
      }
      out.append(input, checkpoint, cursor);
      char next = input.charAt(cursor + 1);
      int advance = 1;
      if (next == '$') {
        out.append('$');
      } else if (next == '(') {
        int close = input.indexOf(')', cursor + 2);
        if (close < 0) {
          out.append("$(");
        } else {
          String name = input.substring(cursor + 2, close);
          String value = lookup.apply(name);
          out.append(value != null ? value : "$(" + name + ")");
          advance = close - cursor;
        }
      } else {
        out.append('$').append(next);
      }
      cursor += advance;
      checkpoint = cursor + 1;
    }
    return out.append(input, checkpoint, input.length()).toString();
  }
}
