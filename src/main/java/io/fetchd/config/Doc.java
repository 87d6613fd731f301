package io.fetchd.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a setting (or a section) means, on its record component: the one description of it, shown
 * as its comment in {@code config/fetchd.yaml} and in the README's configuration table (both
 * generated from the schema, see {@link Schema}). Immutable; any thread.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface Doc {
  /** One or two sentences; no line breaks (the generated files wrap it). */
  String value();
}
