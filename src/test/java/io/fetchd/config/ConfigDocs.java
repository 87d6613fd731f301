package io.fetchd.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fetchd.client.BodyMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two documents generated from a {@link Schema}: the shipped {@code config/fetchd.yaml}
 * (every setting with its default and its doc as a comment) and the README's table of settings.
 * {@link ConfigDocsTest} fails when either file is stale, and rewrites both when run with
 * {@code -Dfetchd.writeConfigDocs=true}. Pure; any thread.
 */
final class ConfigDocs {
  /** Column of the {@code #} of a setting's comment. */
  private static final int COMMENT_COLUMN = 34;
  /** Longest line a comment is wrapped to. */
  private static final int WIDTH = 117;

  static final String YAML_HEADER = """
      # fetchd configuration: every setting with its built-in default.
      #
      # Precedence: built-in defaults < this file < environment variables. Each setting can be
      # overridden by FETCHD_<SECTION>_<KEY> in upper snake case, e.g. FETCHD_SERVER_PORT=9090,
      # FETCHD_FETCHER_MAX_CONNECTIONS_PER_HOST=64, FETCHD_REQUESTS_DEFAULTS_TIMEOUT_MS=30000;
      # lists are comma-separated (FETCHD_AUTH_TOKENS=tok1,tok2).
      # Unknown and duplicate keys are errors. Durations are a number and a unit (250ms, 30s, 10m,
      # 1h, 1d); *Ms keys are whole milliseconds.
      # Generated from io.fetchd.config.FetchdConfig (ConfigDocsTest): edit the records, not this file.
      """;

  /** Marks the start of the generated table in the README. */
  static final String TABLE_BEGIN = "<!-- settings table: generated from io.fetchd.config.FetchdConfig by ConfigDocsTest -->";
  /** Marks its end. */
  static final String TABLE_END = "<!-- end of the settings table -->";

  private ConfigDocs() {}

  /** The config file listing every setting of {@code schema} with its default and doc. */
  static String yaml(Schema<?> schema) {
    StringBuilder out = new StringBuilder(YAML_HEADER);
    yamlSection(schema, "", 0, out);
    return out.toString();
  }

  private static void yamlSection(Schema<?> schema, String section, int depth, StringBuilder out) {
    String indent = "  ".repeat(depth);
    for (String name : schema.children(section)) {
      String path = section.isEmpty() ? name : section + "." + name;
      Key key = schema.key(path);
      if (key != null) {
        line(out, indent + name + ": " + yamlValue(key.defaultValue()), key.doc());
      } else {
        if (depth == 0) {
          out.append('\n');
        }
        line(out, indent + name + ":", schema.sectionDoc(path));
        yamlSection(schema, path, depth + 1, out);
      }
    }
  }

  private static void line(StringBuilder out, String text, String doc) {
    if (doc == null) {
      out.append(text).append('\n');
      return;
    }
    String pad = text.length() < COMMENT_COLUMN ? " ".repeat(COMMENT_COLUMN - text.length()) : "  ";
    List<String> lines = wrap(doc, WIDTH - Math.max(COMMENT_COLUMN, text.length() + 2) - 2,
        WIDTH - COMMENT_COLUMN - 4);
    out.append(text).append(pad).append("# ").append(lines.get(0)).append('\n');
    for (String more : lines.subList(1, lines.size())) {
      out.append(" ".repeat(COMMENT_COLUMN)).append("#   ").append(more).append('\n');
    }
  }

  /** Words of {@code text} in lines of at most {@code first}, then {@code rest}, characters. */
  static List<String> wrap(String text, int first, int rest) {
    List<String> lines = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String word : text.split(" ")) {
      int limit = lines.isEmpty() ? first : rest;
      if (cur.length() > 0 && cur.length() + 1 + word.length() > limit) {
        lines.add(cur.toString());
        cur.setLength(0);
      }
      cur.append(cur.length() > 0 ? " " : "").append(word);
    }
    lines.add(cur.toString());
    return lines;
  }

  /** A value as a YAML scalar or flow list. */
  static String yamlValue(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return yamlString(s);
    }
    if (v instanceof List<?> l) {
      List<String> items = l.stream().map(i -> yamlString(String.valueOf(i))).toList();
      return "[" + String.join(", ", items) + "]";
    }
    if (v instanceof Duration d) {
      return ConfigDurations.format(d);
    }
    if (v instanceof BodyMode m) {
      return ValueKind.bodyWord(m);
    }
    return String.valueOf(v);
  }

  private static final YAMLMapper YAML = new YAMLMapper();

  /** {@code s} plain when YAML reads it back as that text ({@code 127.0.0.1}), else quoted ({@code "8080"}). */
  private static String yamlString(String s) {
    try {
      JsonNode back = s.matches("[A-Za-z0-9/][A-Za-z0-9._/-]*") ? YAML.readTree("k: " + s).get("k") : null;
      if (back != null && back.isTextual() && back.textValue().equals(s)) {
        return s;
      }
    } catch (JsonProcessingException e) {
      // not plain; quoted below
    }
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The README's table of settings, between {@link #TABLE_BEGIN} and {@link #TABLE_END}. */
  static String readmeTable(Schema<?> schema) {
    StringBuilder out = new StringBuilder(TABLE_BEGIN).append('\n');
    out.append("| Setting | Default | Range | Environment variable | What |\n");
    out.append("|---|---|---|---|---|\n");
    for (Key k : schema.keys()) {
      out.append("| `").append(k.path()).append("` | `").append(yamlValue(k.defaultValue())).append("` | ")
          .append(range(k)).append(" | `").append(k.env()).append("` | ").append(markdown(k.doc())).append(" |\n");
    }
    return out.append(TABLE_END).append('\n').toString();
  }

  /** The bounds of a setting in a few characters: {@code 0–65535}, {@code ≥ 1}, {@code > 0}. */
  static String range(Key k) {
    if (k.kind() == ValueKind.DURATION) {
      return k.min() == 1 ? "> 0" : k.min() > 1 ? "≥ " + k.min() + "ms" : "";
    }
    if (!k.kind().isNumber()) {
      return "";
    }
    boolean unbounded = k.max() == Long.MAX_VALUE || k.max() == Integer.MAX_VALUE;
    return unbounded ? "≥ " + k.min() : k.min() + "–" + k.max();
  }

  private static String markdown(String doc) {
    return doc.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }
}
