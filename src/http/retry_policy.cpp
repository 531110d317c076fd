#include "http/retry_policy.hpp"

#include "modelarts/error.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

namespace modelarts::http {

std::chrono::milliseconds retry_policy::backoff_ceiling(unsigned retry) const {
  const auto cap = options_.max_backoff.count();
  auto value = options_.initial_backoff.count();
  for (unsigned i = 1; i < retry && value < cap; ++i) value *= 2;
  return std::chrono::milliseconds(std::min(value, cap));
}

bool retry_policy::retryable_status(unsigned status, std::string_view service_code) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 ||
         service_code == "APIG.0308";
}

bool retry_policy::rejected_unprocessed(unsigned status, std::string_view service_code) {
  return status == 429 || service_code == "APIG.0308";
}

bool retry_policy::retryable_transport_error(const transport_error& e, bool idempotent) {
  namespace error = boost::asio::error;
  const auto ec = e.code();
  const bool transient =
      ec == error::connection_refused || ec == error::connection_reset || ec == error::connection_aborted ||
      ec == error::broken_pipe || ec == error::eof || ec == error::timed_out || ec == error::host_unreachable ||
      ec == error::network_unreachable || ec == error::network_reset || ec == error::host_not_found_try_again ||
      ec == boost::asio::ssl::error::stream_truncated || ec == make_error_code(errc::attempt_timeout) ||
      ec == make_error_code(errc::truncated_body);
  if (!transient) return false;
  return e.never_sent() || idempotent;
}

bool retry_budget::try_spend() {
  std::lock_guard lock(mutex_);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

void retry_budget::on_success() {
  std::lock_guard lock(mutex_);
  tokens_ = std::min(capacity_, tokens_ + refill_);
}

double retry_budget::tokens() const {
  std::lock_guard lock(mutex_);
  return tokens_;
}

} // namespace modelarts::http
