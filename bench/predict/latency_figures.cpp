#include "latency_figures.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace modelarts::bench {

double percentile(std::span<const double> samples, double q) {
  if (samples.empty()) return 0;
  std::vector<double> sorted(samples.begin(), samples.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  const auto index = std::clamp<std::size_t>(rank, 1, sorted.size()) - 1;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(index), sorted.end());
  return sorted[index];
}

latency_figures summarise(const run_result& run) {
  latency_figures f;
  if (run.latencies_ms.empty()) return f;
  if (run.seconds > 0) f.predictions_per_second = static_cast<double>(run.latencies_ms.size()) / run.seconds;
  f.p50_ms = percentile(run.latencies_ms, 0.50);
  f.p99_ms = percentile(run.latencies_ms, 0.99);
  f.max_ms = *std::max_element(run.latencies_ms.begin(), run.latencies_ms.end());
  return f;
}

} // namespace modelarts::bench
