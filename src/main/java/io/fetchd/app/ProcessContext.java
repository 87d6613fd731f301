package io.fetchd.app;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * What a command needs from its process, passed in so that tests run commands in-process: the
 * standard streams, the environment, the working directory, whether standard error is a
 * terminal, and the JVM's shutdown-hook and halt calls. Immutable; any thread.
 *
 * @param in standard input (URLs for {@code fetch -})
 * @param out standard output (NDJSON, the listening line)
 * @param err standard error (messages, the progress line)
 * @param env the environment ({@code FETCHD_*} settings, {@code FETCHD_CONFIG})
 * @param workDir where {@code ./config/fetchd.yaml} and relative paths are looked up
 * @param stderrIsTerminal whether to draw the progress line
 * @param addShutdownHook {@link Runtime#addShutdownHook} or a test's recorder
 * @param removeShutdownHook {@link Runtime#removeShutdownHook} or a test's recorder
 * @param halt {@link Runtime#halt} or a test's recorder
 */
record ProcessContext(
    InputStream in,
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    Path workDir,
    boolean stderrIsTerminal,
    Consumer<Thread> addShutdownHook,
    Consumer<Thread> removeShutdownHook,
    IntConsumer halt) {

  /** The environment variable naming the config file when {@code --config} is not given. */
  static final String CONFIG_ENV = "FETCHD_CONFIG";

  /** The config file used when neither {@code --config} nor {@link #CONFIG_ENV} names one. */
  static final Path DEFAULT_CONFIG = Path.of("config", "fetchd.yaml");

  ProcessContext {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(workDir, "workDir");
  }

  /** The real process: the given streams and environment, the JVM's hooks and halt. */
  static ProcessContext of(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    Runtime rt = Runtime.getRuntime();
    return new ProcessContext(in, out, err, env, Path.of(""), System.console() != null,
        rt::addShutdownHook, rt::removeShutdownHook, rt::halt);
  }

  /**
   * The config file to load: {@code flag} (from {@code --config}) if given, else {@link
   * #CONFIG_ENV}, else {@link #DEFAULT_CONFIG} when it exists, else none (built-in defaults).
   */
  Optional<Path> configFile(String flag) {
    if (flag != null) {
      return Optional.of(workDir.resolve(flag));
    }
    String fromEnv = env.get(CONFIG_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(workDir.resolve(fromEnv.trim()));
    }
    Path dflt = workDir.resolve(DEFAULT_CONFIG);
    return Files.isRegularFile(dflt) ? Optional.of(dflt) : Optional.empty();
  }
}
