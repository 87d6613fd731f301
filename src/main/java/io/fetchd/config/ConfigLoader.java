package io.fetchd.config;

import io.fetchd.metrics.ProbeModules;
import io.fetchd.metrics.ProbeModulesException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads fetchd's configuration in three layers, each overriding the one before:
 *
 * <ol>
 *   <li>the built-in defaults ({@link FetchdConfig#DEFAULTS}, taken from the components' own
 *       defaults);
 *   <li>a file, YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}), read strictly: an
 *       unknown key, a duplicate key, a value of the wrong type or a second YAML document is an
 *       error;
 *   <li>environment variables {@code FETCHD_<SECTION>_<KEY>} in upper snake case
 *       ({@code FETCHD_SERVER_PORT}, {@code FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK}); lists are
 *       comma-separated. A variable that starts like a section ({@code FETCHD_SERVER_}) but names
 *       no setting is an error, so a typo does not go unnoticed.
 * </ol>
 *
 * <p>The settings are those of {@link FetchdConfig}'s records ({@link #SCHEMA}), bound onto them
 * by {@link Binder}. Every problem is a {@link ConfigException} with a one-line message naming
 * the setting and where its value came from. Blocking file I/O: call it at startup, never on the
 * reactor. Any thread; no state.
 */
public final class ConfigLoader {
  /** Every setting of {@link FetchdConfig}. */
  static final Schema<FetchdConfig> SCHEMA = Schema.of(FetchdConfig.class, FetchdConfig.DEFAULTS);

  private ConfigLoader() {}

  /**
   * Defaults, then {@code file} if present, then {@code env}.
   *
   * @param file a {@code .yaml}, {@code .yml} or {@code .json} file; it must exist
   * @param env the environment (usually {@link System#getenv()}); only {@code FETCHD_*} is read
   * @throws ConfigException with a one-line message for the first problem found
   */
  public static FetchdConfig load(Optional<Path> file, Map<String, String> env) {
    Binder<FetchdConfig> binder = new Binder<>(SCHEMA);
    file.ifPresent(binder::overlayFile);
    binder.overlayEnv(env);
    binder.checkBounds();
    checkManagementPort(binder);
    FetchdConfig config = binder.build();
    checkProbeModules(config);
    return config;
  }

  /**
   * Reads the probe's modules file, so that a module fetchd cannot honour refuses the start with
   * the rest of the configuration rather than at the first probe.
   */
  private static void checkProbeModules(FetchdConfig c) {
    try {
      ProbeModules.load(c.toProbeOptions().modulesFile());
    } catch (ProbeModulesException e) {
      throw new ConfigException("metrics.probeModulesFile", e.getMessage(), null);
    }
  }

  /** The rules between settings that are more than a bound. */
  private static void checkManagementPort(Binder<FetchdConfig> b) {
    int mgmt = (Integer) b.value("metrics.managementPort");
    if (mgmt != 0 && mgmt == (Integer) b.value("server.port")) {
      throw new ConfigException("metrics.managementPort",
          "must differ from server.port (use 0 to serve metrics on server.port), got " + mgmt,
          b.source("metrics.managementPort"));
    }
    if (mgmt == 0 && b.value("metrics.managementHost") != null) {
      throw new ConfigException("metrics.managementHost",
          "has no effect unless metrics.managementPort is set; remove it or set the port",
          b.source("metrics.managementHost"));
    }
  }
}
