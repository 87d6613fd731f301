/**
 * The classic Twisted tutorial programs, written with fetchd's Deferred and reactor: runnable
 * examples for engineers coming from Twisted (see {@code docs/twisted.md}).
 *
 * <p>Each example keeps its logic in a static {@code run} method that takes the clock (a
 * {@link io.fetchd.defer.Scheduler}) and a {@link java.io.PrintStream}, so its test drives it on a
 * {@link io.fetchd.reactor.FakeClock} in milliseconds; its {@code main} runs the same logic on a
 * real {@link io.fetchd.reactor.Reactor}, for example
 * {@code java -cp target/fetchd.jar io.fetchd.examples.PrintLater}.
 *
 * <p>Thread rule: every {@code run} method is called on the clock's thread (the reactor thread
 * for a Reactor), as any code using Deferreds.
 */
package io.fetchd.examples;
