#include "latency_summary.hpp"

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

latency_summary summarise(const run_result& run) {
  latency_summary s;
  if (run.skipped || run.latencies_ms.empty()) return s;
  if (run.seconds > 0) s.requests_per_second = static_cast<double>(run.latencies_ms.size()) / run.seconds;
  s.p50_ms = percentile(run.latencies_ms, 0.50);
  s.p99_ms = percentile(run.latencies_ms, 0.99);
  s.max_ms = *std::max_element(run.latencies_ms.begin(), run.latencies_ms.end());
  const auto n = static_cast<double>(run.latencies_ms.size());
  s.process_cpu_us = run.process_cpu_seconds * 1e6 / n;
  if (run.client_cpu_seconds) s.client_cpu_us = *run.client_cpu_seconds * 1e6 / n;
  return s;
}

} // namespace modelarts::bench
