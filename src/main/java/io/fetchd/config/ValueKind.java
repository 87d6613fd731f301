package io.fetchd.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchd.client.BodyMode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The types a setting's value can have, and how each is read from a parsed file node and from an
 * environment variable's text. A problem is an {@link IllegalArgumentException} whose message is
 * the problem alone ("must be true or false, got 'maybe'"); the loader adds key and source. Pure;
 * any thread.
 */
enum ValueKind {
  /** Text. */
  STRING,
  /** Text, or null (YAML {@code ~}, an empty value) for "not set". */
  OPTIONAL_STRING,
  /** A whole number within the setting's bounds; read as {@link BigInteger}, kept as Integer. */
  INT,
  /** As {@link #INT}, kept as Long. */
  LONG,
  /** A whole number of milliseconds (the {@code *Ms} keys), kept as Long. */
  MILLIS,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** Text like {@code 30s} (see {@link ConfigDurations}), kept as {@link java.time.Duration}. */
  DURATION,
  /** A list of text; in the environment, comma-separated. */
  STRING_LIST,
  /** {@code none}, {@code text} or {@code base64}, kept as {@link BodyMode}. */
  BODY;

  /**
   * The kind of a record component: by its Java type; a {@code long} named {@code *Ms} is
   * {@link #MILLIS}, and a {@code String} whose default is null is {@link #OPTIONAL_STRING}.
   *
   * @throws IllegalStateException for a type no kind reads
   */
  static ValueKind of(Class<?> type, String name, Object defaultValue) {
    if (type == int.class) {
      return INT;
    }
    if (type == long.class) {
      return name.endsWith("Ms") ? MILLIS : LONG;
    }
    if (type == boolean.class) {
      return BOOLEAN;
    }
    if (type == String.class) {
      return defaultValue == null ? OPTIONAL_STRING : STRING;
    }
    if (type == java.time.Duration.class) {
      return DURATION;
    }
    if (type == List.class) {
      return STRING_LIST;
    }
    if (type == BodyMode.class) {
      return BODY;
    }
    throw new IllegalStateException("no value kind reads " + type.getName() + " (" + name + ")");
  }

  /** Whether values of this kind are whole numbers, read as {@link BigInteger}. */
  boolean isNumber() {
    return this == INT || this == LONG || this == MILLIS;
  }

  /**
   * A value of this kind as an environment variable would give it, so that {@link #fromText}
   * reads it back: durations as {@code 30s}, lists comma-separated, null as empty.
   */
  String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof java.time.Duration d) {
      return ConfigDurations.format(d);
    }
    if (v instanceof List<?> l) {
      return String.join(",", l.stream().map(String::valueOf).toList());
    }
    if (v instanceof BodyMode m) {
      return bodyWord(m);
    }
    return String.valueOf(v);
  }

  /** Reads a value from a YAML/JSON node. */
  Object fromNode(JsonNode n) {
    switch (this) {
      case STRING:
        return text(n);
      case OPTIONAL_STRING:
        return n.isNull() ? null : text(n);
      case INT:
      case LONG:
      case MILLIS:
        if (!n.isIntegralNumber()) {
          throw new IllegalArgumentException(
              "must be a whole number" + (this == MILLIS ? " of milliseconds" : "") + ", got " + shown(n));
        }
        return n.bigIntegerValue();
      case BOOLEAN:
        if (!n.isBoolean()) {
          throw new IllegalArgumentException("must be true or false, got " + shown(n));
        }
        return n.booleanValue();
      case DURATION:
        return ConfigDurations.parse(text(n));
      case STRING_LIST:
        if (n.isNull()) {
          return List.of();
        }
        if (!n.isArray()) {
          throw new IllegalArgumentException("must be a list, got " + shown(n));
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : n) {
          if (!item.isTextual() && !item.isNumber()) {
            throw new IllegalArgumentException("list items must be text, got " + shown(item));
          }
          items.add(item.asText());
        }
        return List.copyOf(items);
      default:
        return body(text(n));
    }
  }

  /** Reads a value from an environment variable's text. */
  Object fromText(String raw) {
    String t = raw.trim();
    switch (this) {
      case STRING:
        return raw;
      case OPTIONAL_STRING:
        return t.isEmpty() ? null : t;
      case INT:
      case LONG:
      case MILLIS:
        if (!t.matches("[+-]?[0-9]{1,40}")) {
          throw new IllegalArgumentException(
              "must be a whole number" + (this == MILLIS ? " of milliseconds" : "") + ", got '" + raw + "'");
        }
        return new BigInteger(t);
      case BOOLEAN:
        if (t.equalsIgnoreCase("true")) {
          return true;
        }
        if (t.equalsIgnoreCase("false")) {
          return false;
        }
        throw new IllegalArgumentException("must be true or false, got '" + raw + "'");
      case DURATION:
        return ConfigDurations.parse(t);
      case STRING_LIST:
        List<String> items = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
          if (!part.isBlank()) {
            items.add(part.trim());
          }
        }
        return List.copyOf(items);
      default:
        return body(t);
    }
  }

  private static String text(JsonNode n) {
    if (n.isTextual()) {
      return n.textValue();
    }
    throw new IllegalArgumentException("must be text, got " + shown(n));
  }

  private static BodyMode body(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "none":
        return BodyMode.NONE;
      case "text":
        return BodyMode.TEXT;
      case "base64":
        return BodyMode.BYTES;
      default:
        throw new IllegalArgumentException("must be one of none, text, base64, got '" + word + "'");
    }
  }

  /** The config-file word for a body mode. */
  static String bodyWord(BodyMode mode) {
    return mode == BodyMode.BYTES ? "base64" : mode.name().toLowerCase(Locale.ROOT);
  }

  private static String shown(JsonNode n) {
    if (n.isTextual()) {
      return "'" + n.textValue() + "'";
    }
    if (n.isContainerNode()) {
      return n.isArray() ? "a list" : "a mapping";
    }
    return n.toString();
  }
}
