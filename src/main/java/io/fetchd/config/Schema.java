package io.fetchd.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of a configuration, read off its records: a component whose type is a record is a
 * section ({@code server}, {@code requests.defaults}), any other component is a setting. Each
 * setting is described once, on its component: the name is the component's, the doc is its
 * {@link Doc}, the bounds its {@link Range}, a text rule its {@link Checked}, a cross-setting
 * bound its {@link AtMost}, and the default is its value in the defaults instance. The file key
 * and the environment variable are derived from the path. {@link #build} binds values straight
 * onto the records through their canonical constructors.
 *
 * <p>Binding is by {@link RecordComponent} and the canonical constructor rather than Jackson's
 * record binding: each value needs its own source (file or variable) for the message, a default
 * when absent, the same check whether it came from a file node or a variable's text, and
 * durations in fetchd's {@code 30s} form; Jackson still parses the file (see {@link Binder}).
 *
 * <p>A schema that breaks these rules (a setting without a doc, a number without bounds, a type
 * no {@link ValueKind} reads) fails when it is made, with {@link IllegalStateException}.
 * Immutable; any thread.
 *
 * @param <T> the root record
 */
final class Schema<T extends Record> {
  private final Class<T> root;
  private final List<Key> keys = new ArrayList<>();
  private final Map<String, Key> byPath = new LinkedHashMap<>();
  private final Map<String, Key> byEnv = new LinkedHashMap<>();
  private final Map<String, Set<String>> children = new LinkedHashMap<>();
  private final Map<String, String> sectionDocs = new LinkedHashMap<>();

  private Schema(Class<T> root, T defaults) {
    this.root = root;
    walk(root, defaults, "");
    for (Key k : keys) {
      Key larger = k.atMost() == null ? null : byPath.get(k.atMost());
      if (k.atMost() != null && (larger == null || !larger.kind().isNumber() || !k.kind().isNumber())) {
        throw new IllegalStateException(k.path() + ": @AtMost names no numeric setting: " + k.atMost());
      }
    }
  }

  /** The schema of {@code root}, with the defaults {@code defaults}. */
  static <T extends Record> Schema<T> of(Class<T> root, T defaults) {
    return new Schema<>(root, defaults);
  }

  private void walk(Class<?> type, Object defaults, String prefix) {
    children.put(prefix, new LinkedHashSet<>());
    for (RecordComponent c : type.getRecordComponents()) {
      String path = prefix.isEmpty() ? c.getName() : prefix + "." + c.getName();
      children.get(prefix).add(c.getName());
      Object value = read(c, defaults);
      Doc doc = c.getAnnotation(Doc.class);
      if (c.getType().isRecord()) {
        if (doc != null) {
          sectionDocs.put(path, doc.value());
        }
        walk(c.getType(), value, path);
      } else {
        add(leaf(c, path, value));
      }
    }
  }

  private static Key leaf(RecordComponent c, String path, Object defaultValue) {
    ValueKind kind = ValueKind.of(c.getType(), c.getName(), defaultValue);
    Doc doc = c.getAnnotation(Doc.class);
    Range range = c.getAnnotation(Range.class);
    Checked checked = c.getAnnotation(Checked.class);
    AtMost atMost = c.getAnnotation(AtMost.class);
    if (doc == null || doc.value().isBlank() || doc.value().contains("\n")) {
      throw new IllegalStateException(path + ": a setting needs a one-line @Doc");
    }
    if (kind.isNumber() ? range == null : range != null && kind != ValueKind.DURATION) {
      throw new IllegalStateException(path + ": @Range is for numbers and durations, and every number needs one");
    }
    long min = range == null ? Long.MIN_VALUE : range.min();
    long max = range == null ? Long.MAX_VALUE : range.max();
    if (kind == ValueKind.INT) {
      min = Math.max(min, Integer.MIN_VALUE);
      max = Math.min(max, Integer.MAX_VALUE);
    }
    return new Key(path, Key.envName(path), kind, min, max, checked == null ? null : checked.value(),
        atMost == null ? null : atMost.value(), doc.value(), defaultValue);
  }

  private void add(Key k) {
    keys.add(k);
    byPath.put(k.path(), k);
    if (byEnv.put(k.env(), k) != null) {
      throw new IllegalStateException(k.path() + ": a second setting has the variable " + k.env());
    }
  }

  private static Object read(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c, e);
    }
  }

  /** Every setting, in the order of the records' components. */
  List<Key> keys() {
    return Collections.unmodifiableList(keys);
  }

  /** The setting at a dotted path, or null. */
  Key key(String path) {
    return byPath.get(path);
  }

  /** The setting with an environment variable, or null. */
  Key byEnv(String env) {
    return byEnv.get(env);
  }

  /** Whether {@code path} is a section ("" is the root). */
  boolean isSection(String path) {
    return children.containsKey(path);
  }

  /** The keys directly in a section ("" for the top-level sections), in order. */
  Set<String> children(String section) {
    return Collections.unmodifiableSet(children.get(section));
  }

  /** The {@link Doc} of a section, or null. */
  String sectionDoc(String section) {
    return sectionDocs.get(section);
  }

  /**
   * The root record holding {@code values} (every setting's final value, as {@link Key#check}
   * returns it), built through the canonical constructors.
   *
   * @throws IllegalArgumentException when a record's constructor refuses its values
   */
  T build(Map<Key, Object> values) {
    return root.cast(build(root, "", values));
  }

  private Object build(Class<?> type, String prefix, Map<Key, Object> values) {
    RecordComponent[] cs = type.getRecordComponents();
    Class<?>[] types = new Class<?>[cs.length];
    Object[] args = new Object[cs.length];
    for (int i = 0; i < cs.length; i++) {
      String path = prefix.isEmpty() ? cs[i].getName() : prefix + "." + cs[i].getName();
      types[i] = cs[i].getType();
      args[i] = types[i].isRecord() ? build(types[i], path, values) : values.get(byPath.get(path));
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      return canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalStateException("cannot build " + type.getName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getName(), e);
    }
  }
}
