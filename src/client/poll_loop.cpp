#include "client/poll_loop.hpp"

#include <random>

namespace modelarts::detail {

std::chrono::milliseconds jittered(std::chrono::milliseconds interval, double jitter) {
  jitter = std::clamp(jitter, 0.0, 1.0);
  if (jitter == 0.0 || interval.count() <= 0) return interval;
  // One generator per thread: waiters on different threads never contend.
  thread_local std::minstd_rand generator{std::random_device{}()};
  std::uniform_real_distribution<double> spread(1.0 - jitter, 1.0 + jitter);
  const double ms = static_cast<double>(interval.count()) * spread(generator);
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(ms));
}

} // namespace modelarts::detail
