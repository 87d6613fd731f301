package io.fetchd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema is the records: a setting is a record component with its doc, bounds and default,
 * and nothing else needs to know about it. The toy configuration below has one section that
 * exists nowhere else, and gets a file key, a variable, checks, messages and its documentation.
 */
class SchemaTest {
  @TempDir Path dir;

  record Toy(Pool pool) {
    static final Toy DEFAULTS = new Toy(new Pool(4, Duration.ofSeconds(30), List.of()));
  }

  record Pool(
      @Doc("connections kept per host") @Range(min = 1, max = 9) int size,
      @Doc("how long an idle connection is kept") Duration linger,
      @Doc("hosts never pooled") @Checked(TextRule.HOST_NAME) List<String> exclude) {}

  private static final Schema<Toy> TOY = Schema.of(Toy.class, Toy.DEFAULTS);

  private Toy bind(String yaml, Map<String, String> env) throws IOException {
    Binder<Toy> b = new Binder<>(TOY);
    if (yaml != null) {
      b.overlayFile(Files.writeString(dir.resolve("toy.yaml"), yaml));
    }
    b.overlayEnv(env);
    b.checkBounds();
    return b.build();
  }

  // ------------------------------------------------------------------ a new setting

  @Test
  void aComponentIsASettingWithAKeyAVariableAndADefault() {
    Key size = TOY.key("pool.size");
    assertEquals("FETCHD_POOL_SIZE", size.env());
    assertEquals(4, size.defaultValue());
    assertEquals("connections kept per host", size.doc());
    assertEquals(List.of("pool.size", "pool.linger", "pool.exclude"), TOY.keys().stream().map(Key::path).toList());
  }

  @Test
  void aNewSettingIsBoundFromTheFileAndTheEnvironment() throws IOException {
    Toy t = bind("pool:\n  size: 3\n", Map.of("FETCHD_POOL_LINGER", "2s", "FETCHD_POOL_EXCLUDE", "a.test,b.test"));
    assertEquals(new Toy(new Pool(3, Duration.ofSeconds(2), List.of("a.test", "b.test"))), t);
    assertEquals(Toy.DEFAULTS, bind(null, Map.of()));
  }

  @Test
  void aNewSettingIsCheckedAgainstItsRangeAndRule() {
    ConfigException e = assertThrows(ConfigException.class, () -> bind(null, Map.of("FETCHD_POOL_SIZE", "12")));
    assertEquals("pool.size: must be between 1 and 9, got 12 (from FETCHD_POOL_SIZE)", e.getMessage());
    e = assertThrows(ConfigException.class, () -> bind("pool:\n  exclude: [ok.test, \"a b\"]\n", Map.of()));
    assertEquals("pool.exclude[1]: must be a host name or address, got 'a b' (from " + dir.resolve("toy.yaml") + ")",
        e.getMessage());
  }

  @Test
  void aMistypedNewKeyGetsASuggestion() {
    ConfigException e = assertThrows(ConfigException.class, () -> bind("pool:\n  sise: 2\n", Map.of()));
    assertEquals("pool.sise: unknown key; did you mean 'size'? (from " + dir.resolve("toy.yaml") + ")", e.getMessage());
    e = assertThrows(ConfigException.class, () -> bind(null, Map.of("FETCHD_POOL_SISE", "2")));
    assertEquals("FETCHD_POOL_SISE: no such setting; did you mean FETCHD_POOL_SIZE?", e.getMessage());
  }

  @Test
  void aNewSettingIsDocumentedInTheGeneratedFileAndTable() {
    assertTrue(ConfigDocs.yaml(TOY).endsWith("\npool:\n"
        + "  size: 4                         # connections kept per host\n"
        + "  linger: 30s                     # how long an idle connection is kept\n"
        + "  exclude: []                     # hosts never pooled\n"), ConfigDocs.yaml(TOY));
    assertTrue(ConfigDocs.readmeTable(TOY).contains(
        "| `pool.size` | `4` | 1–9 | `FETCHD_POOL_SIZE` | connections kept per host |\n"), ConfigDocs.readmeTable(TOY));
  }

  // ------------------------------------------------------------------ the schema's own rules

  record NoDoc(NoDocSection s) {}

  record NoDocSection(@Range(min = 0) int n) {}

  record NoRange(NoRangeSection s) {}

  record NoRangeSection(@Doc("a number") long n) {}

  record BadBound(BadBoundSection s) {}

  record BadBoundSection(@Doc("a number") @Range(min = 0) @AtMost("s.nope") int n) {}

  @Test
  void aSettingWithoutADocIsRefusedWhenTheSchemaIsMade() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Schema.of(NoDoc.class, new NoDoc(new NoDocSection(1))));
    assertEquals("s.n: a setting needs a one-line @Doc", e.getMessage());
  }

  @Test
  void aNumberWithoutARangeIsRefusedWhenTheSchemaIsMade() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Schema.of(NoRange.class, new NoRange(new NoRangeSection(1))));
    assertTrue(e.getMessage().startsWith("s.n: @Range"), e.getMessage());
  }

  @Test
  void anAtMostNamingNoSettingIsRefusedWhenTheSchemaIsMade() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Schema.of(BadBound.class, new BadBound(new BadBoundSection(1))));
    assertEquals("s.n: @AtMost names no numeric setting: s.nope", e.getMessage());
  }

  // ------------------------------------------------------------------ validated once

  /**
   * The schema is the only check at load time, so no component may refuse a value it accepts:
   * every number at both bounds, every duration at its least and at a year, every boolean
   * flipped, each alone, mapped onto every component's options.
   */
  @Test
  void componentsAcceptEveryValueTheSchemaAccepts() throws ReflectiveOperationException {
    Schema<FetchdConfig> schema = ConfigLoader.SCHEMA;
    List<String> refused = new ArrayList<>();
    for (Key k : schema.keys()) {
      for (Object v : edges(k)) {
        Map<Key, Object> values = new HashMap<>();
        for (Key other : schema.keys()) {
          values.put(other, other.defaultValue());
        }
        values.put(k, k.check(v));
        String problem = mapAll(schema.build(values));
        if (problem != null) {
          refused.add(k.path() + "=" + v + ": " + problem);
        }
      }
    }
    assertEquals(List.of(), refused);
  }

  private static List<Object> edges(Key k) {
    return switch (k.kind()) {
      case INT, LONG, MILLIS -> List.of(java.math.BigInteger.valueOf(k.min()), java.math.BigInteger.valueOf(k.max()));
      case DURATION -> List.of(Duration.ofMillis(Math.max(0, k.min())), Duration.ofDays(365));
      case BOOLEAN -> List.of(!(Boolean) k.defaultValue());
      default -> List.of();
    };
  }

  /** Calls every public {@code to*} mapping; the first refusal, or null. */
  private static String mapAll(FetchdConfig c) throws IllegalAccessException {
    for (Method m : FetchdConfig.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
          && (m.getName().startsWith("to") && !m.getName().equals("toString") || m.getName().startsWith("reactor"))) {
        try {
          m.invoke(c);
        } catch (InvocationTargetException e) {
          return m.getName() + ": " + e.getCause();
        }
      }
    }
    return null;
  }

  @Test
  void theBuiltInDefaultsAreWhatLoadingNothingGives() {
    assertEquals(FetchdConfig.DEFAULTS, ConfigLoader.load(Optional.empty(), Map.of()));
    assertEquals(FetchdConfig.DEFAULTS, FetchdConfig.defaults());
  }
}
