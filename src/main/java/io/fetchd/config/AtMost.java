package io.fetchd.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A numeric setting that must not exceed another: {@code @AtMost("requests.ceilings.maxTimeoutMs")}
 * on {@code requests.defaults.timeoutMs}. When both are set, the one set last (not a default) is
 * blamed. Immutable; any thread.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface AtMost {
  /** The dotted path of the larger setting. */
  String value();
}
