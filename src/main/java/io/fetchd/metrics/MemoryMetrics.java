package io.fetchd.metrics;

import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The memory budget's meters: {@code fetchd_memory_budget_limit_bytes}, {@code
 * fetchd_memory_budget_used_bytes{kind}} and {@code fetchd_memory_budget_refusals_total{kind}},
 * one series per {@link MemoryKind#label()}, read from the budget's atomics at scrape time.
 *
 * <p>Thread rule: {@link #bind} from any thread; the meters read the budget from the scrape thread
 * (its counters are atomics).
 */
final class MemoryMetrics {
  private MemoryMetrics() {}

  static void bind(MeterRegistry registry, MemoryBudget budget) {
    Gauge.builder(FetchdMeter.MEMORY_BUDGET_LIMIT.meterName(), budget, b -> (double) b.limit())
        .description(FetchdMeter.MEMORY_BUDGET_LIMIT.description())
        .baseUnit(FetchdMeter.MEMORY_BUDGET_LIMIT.baseUnit())
        .strongReference(true)
        .register(registry);
    for (MemoryKind kind : MemoryKind.values()) {
      Gauge.builder(FetchdMeter.MEMORY_BUDGET_USED.meterName(), budget, b -> (double) b.used(kind))
          .description(FetchdMeter.MEMORY_BUDGET_USED.description())
          .baseUnit(FetchdMeter.MEMORY_BUDGET_USED.baseUnit())
          .tag("kind", kind.label())
          .strongReference(true)
          .register(registry);
      FunctionCounter.builder(FetchdMeter.MEMORY_BUDGET_REFUSALS.meterName(), budget, b -> (double) b.refusals(kind))
          .description(FetchdMeter.MEMORY_BUDGET_REFUSALS.description())
          .tag("kind", kind.label())
          .register(registry);
    }
  }
}
