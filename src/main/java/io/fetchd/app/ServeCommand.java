package io.fetchd.app;

import io.fetchd.client.Version;
import io.fetchd.config.ConfigLoader;
import io.fetchd.config.FetchdConfig;
import java.util.List;

/**
 * {@code fetchd serve}: loads the configuration, starts the {@link Service}, prints {@code fetchd
 * <version> listening on http://HOST:PORT} (and a second line for the management listener when
 * {@code metrics.managementPort} is set) and, on standard error, the memory budget in one line;
 * installs the SIGTERM/SIGINT shutdown hook and waits
 * until that hook has stopped the service.
 *
 * <p>The hook drains the service (bounded by {@code server.drainTimeout}) and then halts the JVM
 * with status 0: a JVM stopped by a signal would otherwise exit with 128 + the signal number,
 * which process supervisors report as a failure. It halts only when it did the shutdown itself,
 * so an exit with another status started elsewhere keeps its status.
 *
 * <p>Thread rule: {@link #run} on the main thread; it blocks.
 */
final class ServeCommand {
  private static final String NAME = "fetchd serve";

  private final ProcessContext ctx;

  ServeCommand(ProcessContext ctx) {
    this.ctx = ctx;
  }

  int run(List<String> argv) {
    String configFlag = null;
    ArgCursor args = new ArgCursor(NAME, argv);
    while (args.more()) {
      String a = args.next();
      switch (a) {
        case "-h":
        case "--help":
          ctx.out().print(Usage.SERVE);
          return 0;
        case "--config":
          configFlag = args.value();
          break;
        default:
          throw args.usage(args.isOption(a) ? "unknown option '" + a + "'" : "unexpected argument '" + a + "'");
      }
    }
    FetchdConfig config = ConfigLoader.load(ctx.configFile(configFlag), ctx.env());
    Service service = Service.start(config);
    ctx.err().println(service.budgetLine());
    ctx.out().println("fetchd " + Version.VERSION + " listening on " + service.url());
    if (service.managementAddress() != null) {
      ctx.out().println("fetchd management (" + (config.metrics().enabled() ? config.metrics().path() + ", /probe, " : "")
          + "/healthz, /readyz) on " + Service.url(service.managementAddress()));
    }
    ctx.out().flush();
    ctx.addShutdownHook().accept(new Thread(() -> {
      if (service.shutdown(ctx.err())) {
        ctx.out().flush();
        ctx.err().flush();
        ctx.halt().accept(0);
      }
    }, "fetchd-shutdown"));
    try {
      service.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      service.shutdown(ctx.err());
      return 1;
    }
    return 0;
  }
}
