// A call: sign, send, classify, back off, try again; until success, a final
// error, the attempt limit or the deadline.
#pragma once

#include "auth/signer.hpp"
#include "core/http_message.hpp"
#include "http/retry_policy.hpp"
#include "http/transport.hpp"
#include "modelarts/config.hpp"

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace modelarts::http {

/// Puts credentials on one attempt. Every attempt is authenticated anew, after
/// any backoff, so a retry carries a fresh date and a current token.
class authenticator {
public:
  virtual ~authenticator() = default;
  virtual boost::asio::awaitable<void> apply(request& req, auth::clock::time_point now) = 0;
  /// Called once per call on a 401. True when fresh credentials may fix it
  /// (an expired token): the call is then tried once more, without backoff.
  virtual bool refresh_after_unauthorized(const request& rejected) { (void)rejected; return false; }
};

/// Signs with a fixed signer (AK/SK).
class signing_authenticator final : public authenticator {
public:
  explicit signing_authenticator(std::shared_ptr<const auth::signer> s) : signer_(std::move(s)) {}
  boost::asio::awaitable<void> apply(request& req, auth::clock::time_point now) override;

private:
  std::shared_ptr<const auth::signer> signer_;
};

/// The server's clock as far as we know it: local time plus the offset the last
/// "request time skewed" answer revealed. Signatures are dated with it.
class server_clock {
public:
  [[nodiscard]] auth::clock::time_point now() const {
    return auth::clock::now() + std::chrono::milliseconds(offset_ms_.load(std::memory_order_relaxed));
  }
  void correct_to(auth::clock::time_point server_now) {
    const auto offset = std::chrono::duration_cast<std::chrono::milliseconds>(server_now - auth::clock::now());
    offset_ms_.store(offset.count(), std::memory_order_relaxed);
  }
  [[nodiscard]] std::chrono::milliseconds offset() const { return std::chrono::milliseconds(offset_ms_.load()); }

private:
  std::atomic<long long> offset_ms_{0};
};

struct call_options {
  /// A 2xx body goes here in pieces instead of into response::body. A call
  /// whose sink already received bytes is not retried.
  const body_sink* sink = nullptr;
  /// Overrides timeout_options::total for this call.
  std::optional<std::chrono::milliseconds> total_timeout;
  /// Overrides timeout_options::attempt for this call (large transfers).
  std::optional<std::chrono::milliseconds> attempt_timeout;
};

struct executor_settings {
  retry_options retry;
  timeout_options timeout;
  std::size_t max_response_body = 64 * 1024 * 1024;
};

class request_executor {
public:
  request_executor(std::shared_ptr<transport> t, executor_settings settings);

  /// Returns a response with status < 400. Throws api_error for an error answer
  /// that is final, transport_error for a connection failure that is final,
  /// system_error(errc::deadline_exceeded) when the total deadline passes, and
  /// system_error(operation_aborted) when cancelled.
  boost::asio::awaitable<response> execute(request req, authenticator* auth, call_options options = {});

  [[nodiscard]] transport& wire() { return *transport_; }
  [[nodiscard]] server_clock& clock() { return clock_; }
  [[nodiscard]] const retry_budget& budget() const { return budget_; }
  [[nodiscard]] const executor_settings& settings() const { return settings_; }

private:
  std::shared_ptr<transport> transport_;
  executor_settings settings_;
  retry_policy policy_;
  retry_budget budget_;
  server_clock clock_;
};

} // namespace modelarts::http
