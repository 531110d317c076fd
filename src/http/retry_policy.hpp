// Which failures are tried again, and how long to wait first.
#pragma once

#include "http/transport_error.hpp"
#include "modelarts/config.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>

namespace modelarts::http {

class retry_policy {
public:
  explicit retry_policy(retry_options options) : options_(options) {}

  [[nodiscard]] const retry_options& options() const { return options_; }

  /// The wait before retry number `retry` (1 for the first retry): uniform in
  /// [0, min(max_backoff, initial_backoff · 2^(retry−1))] ("full jitter", so
  /// that clients that failed together do not retry together), or the
  /// server's Retry-After when it gave one, capped at max_backoff.
  template <class Random>
  [[nodiscard]] std::chrono::milliseconds backoff(unsigned retry, std::optional<std::chrono::milliseconds> retry_after,
                                                  Random& random) const {
    if (retry_after) return std::min(*retry_after, options_.max_backoff);
    const auto ceiling = backoff_ceiling(retry);
    std::uniform_int_distribution<long long> pick(0, ceiling.count());
    return std::chrono::milliseconds(pick(random));
  }

  /// min(max_backoff, initial_backoff · 2^(retry−1)), without overflow.
  [[nodiscard]] std::chrono::milliseconds backoff_ceiling(unsigned retry) const;

  /// 429 and APIG.0308 (throttled), 500, 502, 503, 504.
  [[nodiscard]] static bool retryable_status(unsigned status, std::string_view service_code);
  /// A throttled request was refused before it was processed: safe to send again
  /// even when it is not idempotent.
  [[nodiscard]] static bool rejected_unprocessed(unsigned status, std::string_view service_code);

  /// Connection refused/reset/aborted, broken pipe, end of stream, timeouts and
  /// truncated bodies are transient; TLS verification failures, cancellation and
  /// bad configuration are not. A request that may have reached the server is
  /// retried only when it is idempotent.
  [[nodiscard]] static bool retryable_transport_error(const transport_error& e, bool idempotent);

private:
  retry_options options_;
};

/// A token bucket shared by every call of a client: retries spend tokens,
/// successes earn a fraction back. When a service browns out, its clients
/// stop multiplying the load after a bounded number of retries.
class retry_budget {
public:
  retry_budget(double capacity, double refill_per_success)
      : capacity_(capacity), refill_(refill_per_success), tokens_(capacity) {}

  /// Takes one token; false when the bucket holds less than one.
  bool try_spend();
  void on_success();
  [[nodiscard]] double tokens() const;

private:
  mutable std::mutex mutex_;
  double capacity_;
  double refill_;
  double tokens_;
};

} // namespace modelarts::http
