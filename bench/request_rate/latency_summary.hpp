// Throughput and latency percentiles of one run.
#pragma once

#include "load_run.hpp"

#include <span>

namespace modelarts::bench {

struct latency_summary {
  double requests_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  /// CPU microseconds per request: the whole process (client and emulator),
  /// and the client alone (0 when the stack cannot tell).
  double process_cpu_us = 0;
  double client_cpu_us = 0;
};

/// Nearest-rank percentile (`q` in (0, 1]) of unsorted samples; 0 when empty.
double percentile(std::span<const double> samples, double q);

/// All zeros for a skipped run.
latency_summary summarise(const run_result& run);

} // namespace modelarts::bench
