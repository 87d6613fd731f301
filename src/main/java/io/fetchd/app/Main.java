package io.fetchd.app;

import io.fetchd.client.Version;
import io.fetchd.config.ConfigException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * fetchd's entry point: {@code fetchd [serve|fetch] [OPTIONS]}, see {@link Usage#MAIN}. The
 * arguments are parsed by hand; each subcommand owns its options.
 *
 * <p>Exit status: 0 success; 1 failure (a URL failed, the service could not start); 2 a usage or
 * configuration error, reported as one line on standard error; 70 a fatal error (an {@code
 * OutOfMemoryError} or other {@code VirtualMachineError}, or a reactor thread that died: {@link
 * ExitOnFatalError}), after one line. No stack trace reaches the user.
 *
 * <p>Thread rule: {@link #run} blocks the calling thread (the main thread) until the command is
 * done; {@code serve} returns once a shutdown hook has stopped the service.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ExitOnFatalError.installForProcess(System.err, Runtime.getRuntime()::halt);
    System.exit(run(args, System.in, System.out, System.err, System.getenv()));
  }

  /**
   * Runs the command line in this process and returns the exit status, without exiting.
   *
   * @param env the environment, usually {@link System#getenv()}
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, ProcessContext.of(in, out, err, env));
  }

  /** {@link #run(String[], InputStream, PrintStream, PrintStream, Map)} in a given process context. */
  static int run(String[] args, ProcessContext ctx) {
    try {
      return dispatch(List.of(args), ctx);
    } catch (UsageException e) {
      ctx.err().println(e.getMessage());
      return 2;
    } catch (ConfigException e) {
      ctx.err().println("fetchd: " + e.getMessage());
      return 2;
    } catch (StartupException e) {
      ctx.err().println("fetchd: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      ctx.err().println("fetchd: unexpected error: " + oneLine(e));
      return 1;
    } finally {
      ctx.out().flush();
      ctx.err().flush();
    }
  }

  private static int dispatch(List<String> args, ProcessContext ctx) {
    if (args.isEmpty()) {
      return new ServeCommand(ctx).run(List.of());
    }
    String first = args.get(0);
    List<String> rest = args.subList(1, args.size());
    switch (first) {
      case "-h":
      case "--help":
        ctx.out().print(Usage.MAIN);
        return 0;
      case "help":
        return rest.isEmpty() ? dispatch(List.of("--help"), ctx) : dispatch(List.of(rest.get(0), "--help"), ctx);
      case "-V":
      case "--version":
      case "version":
        ctx.out().println("fetchd " + Version.VERSION);
        return 0;
      case "serve":
        return new ServeCommand(ctx).run(rest);
      case "fetch":
        return new FetchCommand(ctx).run(rest);
      default:
        if (first.startsWith("-")) {
          return new ServeCommand(ctx).run(args); // options of the default command
        }
        throw new UsageException("fetchd", "unknown command '" + first + "'; commands are serve and fetch");
    }
  }

  /** An exception as one line: its class and message, its cause's too; never a stack trace. */
  static String oneLine(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null && sb.length() < 500; c = c.getCause()) {
      if (sb.length() > 0) {
        sb.append(": ");
      }
      String msg = c.getMessage();
      sb.append(msg == null || msg.isBlank() ? c.getClass().getSimpleName() : msg);
      if (c.getCause() != null && msg != null && msg.contains(String.valueOf(c.getCause().getMessage()))) {
        break;
      }
    }
    return sb.toString().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
  }
}
