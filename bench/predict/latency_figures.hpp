// Throughput and latency percentiles of one run.
#pragma once

#include "prediction_work.hpp"

#include <span>

namespace modelarts::bench {

struct latency_figures {
  double predictions_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

/// Nearest-rank percentile (`q` in (0, 1]) of unsorted samples; 0 when empty.
double percentile(std::span<const double> samples, double q);

latency_figures summarise(const run_result& run);

} // namespace modelarts::bench
