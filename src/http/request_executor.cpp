#include "http/request_executor.hpp"

#include "core/error_parsing.hpp"
#include "modelarts/error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <random>

namespace modelarts::http {
namespace {

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;

/// Headers the SDK writes on every attempt; stale ones from an earlier attempt go first.
void strip_attempt_headers(request& req) {
  for (const char* name : {"Authorization", "X-Sdk-Date", "X-Auth-Token", "Date", "X-Amz-Date", "X-Obs-Date"})
    req.headers.erase(name);
}

std::mt19937_64& jitter_source() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable); // cancellation propagates as operation_aborted
}

[[noreturn]] void throw_deadline(const std::exception_ptr& last, unsigned attempts) {
  std::string reason = "no attempt finished";
  try {
    if (last) std::rethrow_exception(last);
  } catch (const std::exception& e) {
    reason = e.what();
  }
  throw boost::system::system_error(make_error_code(errc::deadline_exceeded),
                                    "after " + std::to_string(attempts) + " attempt(s), last: " + reason);
}

/// The server's Date when the answer says our clock is off.
std::optional<auth::clock::time_point> skewed_server_time(const api_error& err, const response& res,
                                                          auth::clock::time_point our_now) {
  if (res.status != 401 && res.status != 403) return std::nullopt;
  const auto date = res.headers.get("Date");
  if (!date) return std::nullopt;
  const auto server_now = auth::parse_http_date(*date);
  if (!server_now) return std::nullopt;
  const auto gap = server_now > our_now ? *server_now - our_now : our_now - *server_now;
  if (is_clock_skew_error(err) || gap > std::chrono::minutes(5)) return server_now;
  return std::nullopt;
}

} // namespace

asio::awaitable<void> signing_authenticator::apply(request& req, auth::clock::time_point now) {
  signer_->sign(req, now);
  co_return;
}

request_executor::request_executor(std::shared_ptr<transport> t, executor_settings settings)
    : transport_(std::move(t)), settings_(settings), policy_(settings.retry),
      budget_(settings.retry.budget_tokens, settings.retry.budget_refill_per_success) {}

asio::awaitable<response> request_executor::execute(request req, authenticator* auth, call_options options) {
  const auto start = steady::now();
  const auto total_deadline = start + options.total_timeout.value_or(settings_.timeout.total);
  const auto max_elapsed_end = start + settings_.retry.max_elapsed;

  // Count what reaches the caller's sink: once it has bytes, a retry would duplicate them.
  std::uint64_t sunk = 0;
  body_sink counting_sink;
  if (options.sink != nullptr && *options.sink) {
    counting_sink = [&sunk, &inner = *options.sink](std::string_view piece) {
      sunk += piece.size();
      return inner(piece);
    };
  }

  bool refreshed_credentials = false;
  bool corrected_clock = false;
  for (unsigned attempt = 1;; ++attempt) {
    strip_attempt_headers(req);
    if (auth != nullptr) co_await auth->apply(req, clock_.now());

    const exchange_limits limits{
        std::min(steady::now() + options.attempt_timeout.value_or(settings_.timeout.attempt), total_deadline),
                                 settings_.max_response_body, counting_sink ? &counting_sink : nullptr};
    std::exception_ptr failure;
    bool retryable = false;
    std::optional<std::chrono::milliseconds> retry_after;
    try {
      auto res = co_await transport_->send(req, limits);
      if (res.status < 400) {
        budget_.on_success();
        co_return res;
      }
      auto err = parse_api_error(res.status, res.headers, res.body);
      if (res.status == 401 && auth != nullptr && !refreshed_credentials && auth->refresh_after_unauthorized(req)) {
        refreshed_credentials = true;
        --attempt; // a renewed credential is not a retry of a failure
        continue;
      }
      if (!corrected_clock) {
        if (const auto server_now = skewed_server_time(err, res, clock_.now())) {
          clock_.correct_to(*server_now);
          corrected_clock = true;
          --attempt;
          continue;
        }
      }
      retryable = retry_policy::retryable_status(res.status, err.service_code()) &&
                  (req.idempotent || retry_policy::rejected_unprocessed(res.status, err.service_code()));
      if (const auto header = res.headers.get("Retry-After"))
        if (const auto seconds = parse_retry_after(*header, clock_.now()))
          retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(*seconds);
      failure = std::make_exception_ptr(std::move(err));
    } catch (const transport_error& e) {
      if (e.code() == asio::error::operation_aborted) throw;
      if (steady::now() >= total_deadline) throw_deadline(std::current_exception(), attempt);
      retryable = retry_policy::retryable_transport_error(e, req.idempotent);
      failure = std::current_exception();
    }

    if (!retryable || sunk > 0 || attempt >= settings_.retry.max_attempts) std::rethrow_exception(failure);
    const auto delay = policy_.backoff(attempt, retry_after, jitter_source());
    const auto wake = steady::now() + delay;
    // A retry that could not start before the deadline is not made: the
    // caller learns what actually failed.
    if (wake >= total_deadline || wake > max_elapsed_end) std::rethrow_exception(failure);
    if (!budget_.try_spend()) std::rethrow_exception(failure);
    co_await sleep_for(delay);
  }
}

} // namespace modelarts::http
