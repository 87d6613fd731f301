package io.fetchd.client;

import java.util.Objects;

/** One HTTP header field. Immutable. Names compare case-insensitively where it matters. */
public record Header(String name, String value) {
  /**
   * Checks the components.
   *
   * @param name the field name
   * @param value the field value
   */
  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /**
   * True when this header's name equals {@code other} ignoring ASCII case.
   *
   * @param other a header name
   * @return whether the names match
   */
  public boolean is(String other) {
    return name.equalsIgnoreCase(other);
  }
}
