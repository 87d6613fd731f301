package io.fetchd.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds the layers of a configuration onto the records of a {@link Schema}: the defaults, then
 * a file, then the environment, each value checked once, as it is read, against its setting's
 * bounds and rule; then the {@link AtMost} bounds between settings ({@link #checkBounds}); then
 * {@link #build}. Every
 * problem is a {@link ConfigException} naming the key, the problem and the value's source.
 * Blocking file I/O; one load, one thread.
 *
 * @param <T> the root record
 */
final class Binder<T extends Record> {
  /** Source of values nobody set. */
  static final String DEFAULT_SOURCE = "built-in default";

  /** {@code FETCHD_} variables that are not settings (read by {@code app}). */
  private static final Set<String> NOT_SETTINGS = Set.of("FETCHD_CONFIG");

  private final Schema<T> schema;
  private final Map<Key, Object> values = new HashMap<>();
  private final Map<Key, String> sources = new HashMap<>();

  Binder(Schema<T> schema) {
    this.schema = schema;
    for (Key k : schema.keys()) {
      values.put(k, k.defaultValue());
      sources.put(k, DEFAULT_SOURCE);
    }
  }

  /** The value of a setting so far. */
  Object value(String path) {
    return values.get(schema.key(path));
  }

  /** Where the value of a setting came from: {@link #DEFAULT_SOURCE}, a file, a variable. */
  String source(String path) {
    return sources.get(schema.key(path));
  }

  /** Checks the {@link AtMost} bounds between settings, in the schema's order. */
  void checkBounds() {
    for (Key k : schema.keys()) {
      if (k.atMost() != null) {
        atMost(k, schema.key(k.atMost()));
      }
    }
  }

  /** The records holding the values. */
  T build() {
    try {
      return schema.build(values);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config", e.getMessage(), null);
    }
  }

  // ------------------------------------------------------------------ file

  /** Overlays a {@code .yaml}, {@code .yml} or {@code .json} file, read strictly. */
  void overlayFile(Path file) {
    String name = file.toString();
    String lower = name.toLowerCase(Locale.ROOT);
    ObjectMapper mapper;
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      mapper = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    } else if (lower.endsWith(".json")) {
      mapper = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    } else {
      throw new ConfigException(name, "unsupported config file type; use .yaml, .yml or .json", null);
    }
    JsonNode root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        JsonParser parser = mapper.createParser(reader)) {
      root = mapper.readTree(parser);
      if (parser.nextToken() != null) {
        throw new ConfigException(name, "holds more than one document; put all settings in one", null);
      }
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, "config file not found", null);
    } catch (JsonProcessingException e) {
      throw parseError(name, e);
    } catch (IOException e) {
      throw new ConfigException(name, "cannot read config file: " + e.getMessage(), null);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    walk(root, "", name);
  }

  private void walk(JsonNode node, String prefix, String source) {
    if (!node.isObject()) {
      String where = prefix.isEmpty() ? source : prefix;
      throw new ConfigException(where, "must be a mapping of settings, got "
          + node.getNodeType().name().toLowerCase(Locale.ROOT), prefix.isEmpty() ? null : source);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      Key key = schema.key(path);
      if (key != null) {
        set(key, () -> key.kind().fromNode(field.getValue()), source);
      } else if (schema.isSection(path)) {
        if (!field.getValue().isNull()) {
          walk(field.getValue(), path, source);
        }
      } else {
        throw new ConfigException(path, unknownKey(field.getKey(), schema.children(prefix)), source);
      }
    }
  }

  private static String unknownKey(String key, Set<String> known) {
    for (String k : known) {
      if (distance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 2) {
        return "unknown key; did you mean '" + k + "'?";
      }
    }
    return "unknown key; expected one of " + String.join(", ", known);
  }

  private static ConfigException parseError(String file, JsonProcessingException e) {
    if (e.getProcessor() instanceof JsonParser p && e.getOriginalMessage().startsWith("Duplicate field")) {
      return new ConfigException(path(p.getParsingContext()), "duplicate key at line "
          + e.getLocation().getLineNr(), file);
    }
    List<String> lines = new ArrayList<>();
    for (String line : e.getOriginalMessage().split("\\R")) {
      String t = line.strip();
      if (!t.isEmpty() && !line.startsWith(" ") && !t.equals("^") && !t.startsWith("in '")) {
        lines.add(t);
      }
    }
    String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr() + ": ";
    return new ConfigException(file, "not valid " + (file.toLowerCase(Locale.ROOT).endsWith(".json") ? "JSON" : "YAML")
        + ": " + where + String.join("; ", lines), null);
  }

  private static String path(JsonStreamContext ctx) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
    }
    return String.join(".", parts).replace(".[", "[");
  }

  // ------------------------------------------------------------------ environment

  /**
   * Overlays the settings' variables; a {@code FETCHD_} variable that starts like a section's
   * ({@code FETCHD_SERVER_}) but names no setting is an error.
   */
  void overlayEnv(Map<String, String> env) {
    for (Key k : schema.keys()) {
      String raw = env.get(k.env());
      if (raw != null) {
        set(k, () -> k.kind().fromText(raw), k.env());
      }
    }
    Set<String> sectionPrefixes = new LinkedHashSet<>();
    List<String> known = new ArrayList<>();
    for (Key k : schema.keys()) {
      known.add(k.env());
      sectionPrefixes.add(Key.envName(k.path().substring(0, k.path().indexOf('.'))) + "_");
    }
    for (String name : env.keySet()) {
      if (!name.startsWith("FETCHD_") || schema.byEnv(name) != null || NOT_SETTINGS.contains(name)) {
        continue;
      }
      for (String prefix : sectionPrefixes) {
        if (name.startsWith(prefix)) {
          throw new ConfigException(name, unknownVariable(name, known), null);
        }
      }
    }
  }

  private static String unknownVariable(String name, List<String> known) {
    for (String k : known) {
      if (distance(k, name) <= 2) {
        return "no such setting; did you mean " + k + "?";
      }
    }
    return "no such setting; see config/fetchd.yaml for the settings and their variables";
  }

  // ------------------------------------------------------------------ values

  private interface Read {
    Object read();
  }

  private void set(Key k, Read reader, String source) {
    try {
      values.put(k, k.check(reader.read()));
      sources.put(k, source);
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      String key = k.path();
      if (msg.startsWith("[")) {
        key += msg.substring(0, msg.indexOf(']') + 1);
        msg = msg.substring(msg.indexOf(']') + 2);
      }
      throw new ConfigException(key, msg, source);
    }
  }

  /** {@code small <= large}, blaming whichever of the two was set last (not a default). */
  private void atMost(Key small, Key large) {
    long a = ((Number) values.get(small)).longValue();
    long b = ((Number) values.get(large)).longValue();
    if (a > b) {
      boolean blameLarge = sources.get(small).equals(DEFAULT_SOURCE);
      Key blamed = blameLarge ? large : small;
      Key other = blameLarge ? small : large;
      String rule = blameLarge ? "must be at least " : "must not exceed ";
      throw new ConfigException(blamed.path(), rule + other.path() + ", which is " + values.get(other)
          + " (" + sources.get(other) + "), got " + values.get(blamed), sources.get(blamed));
    }
  }

  /** Levenshtein distance, for "did you mean" hints. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
