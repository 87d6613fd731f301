package io.fetchd.app;

import java.util.List;

/**
 * Walks a command's arguments: options {@code --name value} or {@code --name=value}, flags, and
 * positional arguments ({@code -} alone is positional; after {@code --} everything is). Problems
 * are {@link UsageException}s naming the option. Not thread-safe; one command's parse.
 */
final class ArgCursor {
  private final String command;
  private final List<String> args;
  private int next;
  private String inlineValue;
  private String current;
  private boolean onlyPositionals;

  ArgCursor(String command, List<String> args) {
    this.command = command;
    this.args = List.copyOf(args);
  }

  boolean more() {
    return next < args.size();
  }

  /** The next argument: an option name ({@code --timeout-ms}) or a positional argument. */
  String next() {
    String a = args.get(next++);
    inlineValue = null;
    if (!onlyPositionals && a.equals("--")) {
      onlyPositionals = true;
      return more() ? next() : null;
    }
    if (!onlyPositionals && a.startsWith("--") && a.indexOf('=') > 2) {
      inlineValue = a.substring(a.indexOf('=') + 1);
      a = a.substring(0, a.indexOf('='));
    }
    current = a;
    return a;
  }

  /** True when the argument just read is an option rather than a positional argument. */
  boolean isOption(String arg) {
    return !onlyPositionals && arg.startsWith("-") && !arg.equals("-");
  }

  /** The value of the option just read. */
  String value() {
    if (inlineValue != null) {
      String v = inlineValue;
      inlineValue = null;
      return v;
    }
    if (!more()) {
      throw usage(current + " needs a value");
    }
    return args.get(next++);
  }

  /** The value of the option just read, as a whole number from {@code min} to {@code max}. */
  long number(long min, long max) {
    String v = value();
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw usage(current + " needs a whole number, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw usage(current + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  /** The option just read, e.g. {@code --body}. */
  String option() {
    return current;
  }

  /** Refuses {@code --flag=value} for an option that takes no value. */
  void flag() {
    if (inlineValue != null) {
      throw usage(current + " takes no value");
    }
  }

  UsageException usage(String problem) {
    return new UsageException(command, problem);
  }
}
