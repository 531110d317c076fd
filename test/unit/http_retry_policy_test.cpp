#include "http/retry_policy.hpp"

#include "modelarts/error.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/test/unit_test.hpp>

#include <random>

using modelarts::http::attempt_stage;
using modelarts::http::retry_budget;
using modelarts::http::retry_policy;
using modelarts::http::transport_error;
using namespace std::chrono_literals;

namespace {

retry_policy policy(std::chrono::milliseconds initial, std::chrono::milliseconds max) {
  modelarts::retry_options o;
  o.initial_backoff = initial;
  o.max_backoff = max;
  return retry_policy(o);
}

transport_error failure(boost::system::error_code ec, attempt_stage stage) {
  return transport_error(ec, stage, false, 0, "test");
}

} // namespace

BOOST_AUTO_TEST_CASE(the_backoff_ceiling_doubles_from_the_initial_value_up_to_the_cap) {
  const auto p = policy(100ms, 1000ms);
  BOOST_TEST(p.backoff_ceiling(1).count() == 100);
  BOOST_TEST(p.backoff_ceiling(2).count() == 200);
  BOOST_TEST(p.backoff_ceiling(3).count() == 400);
  BOOST_TEST(p.backoff_ceiling(4).count() == 800);
  BOOST_TEST(p.backoff_ceiling(5).count() == 1000);
  BOOST_TEST(p.backoff_ceiling(500).count() == 1000); // no overflow for absurd retry numbers
}

BOOST_AUTO_TEST_CASE(full_jitter_spreads_the_wait_over_zero_to_the_ceiling) {
  const auto p = policy(100ms, 10s);
  std::mt19937_64 random(42);
  long long smallest = 1'000'000, largest = -1, sum = 0;
  constexpr int samples = 4000;
  for (int i = 0; i < samples; ++i) {
    const long long d = p.backoff(3, std::nullopt, random).count(); // ceiling 400 ms
    smallest = std::min(smallest, d);
    largest = std::max(largest, d);
    sum += d;
  }
  BOOST_TEST(smallest >= 0);
  BOOST_TEST(largest <= 400);
  BOOST_TEST(smallest < 20);   // reaches near zero...
  BOOST_TEST(largest > 380);   // ...and near the ceiling
  const double mean = static_cast<double>(sum) / samples;
  BOOST_TEST(mean > 180.0);
  BOOST_TEST(mean < 220.0);
}

BOOST_AUTO_TEST_CASE(retry_after_replaces_the_jitter_and_is_capped) {
  const auto p = policy(100ms, 5s);
  std::mt19937_64 random(1);
  BOOST_TEST(p.backoff(1, 2000ms, random).count() == 2000);
  BOOST_TEST(p.backoff(1, 60000ms, random).count() == 5000);
}

BOOST_AUTO_TEST_CASE(throttling_and_server_errors_are_retryable_client_errors_are_not) {
  for (unsigned s : {429u, 500u, 502u, 503u, 504u}) BOOST_TEST(retry_policy::retryable_status(s, ""));
  for (unsigned s : {400u, 401u, 403u, 404u, 409u, 501u}) BOOST_TEST(!retry_policy::retryable_status(s, ""));
  BOOST_TEST(retry_policy::retryable_status(400, "APIG.0308"));
  BOOST_TEST(retry_policy::rejected_unprocessed(429, ""));
  BOOST_TEST(!retry_policy::rejected_unprocessed(503, ""));
}

BOOST_AUTO_TEST_CASE(connection_failures_before_sending_are_retryable_for_any_request) {
  namespace error = boost::asio::error;
  BOOST_TEST(retry_policy::retryable_transport_error(failure(error::connection_refused, attempt_stage::connecting), false));
  BOOST_TEST(retry_policy::retryable_transport_error(
      failure(make_error_code(modelarts::errc::attempt_timeout), attempt_stage::waiting_for_connection), false));
}

BOOST_AUTO_TEST_CASE(failures_after_sending_are_retryable_only_for_idempotent_requests) {
  namespace error = boost::asio::error;
  const auto reset = failure(error::connection_reset, attempt_stage::receiving);
  BOOST_TEST(retry_policy::retryable_transport_error(reset, true));
  BOOST_TEST(!retry_policy::retryable_transport_error(reset, false));
  const auto truncated = failure(make_error_code(modelarts::errc::truncated_body), attempt_stage::receiving);
  BOOST_TEST(retry_policy::retryable_transport_error(truncated, true));
}

BOOST_AUTO_TEST_CASE(certificate_cancellation_and_limit_failures_are_never_retried) {
  namespace error = boost::asio::error;
  const boost::system::error_code bad_certificate(1, boost::asio::error::get_ssl_category());
  BOOST_TEST(!retry_policy::retryable_transport_error(failure(bad_certificate, attempt_stage::connecting), true));
  BOOST_TEST(!retry_policy::retryable_transport_error(failure(error::operation_aborted, attempt_stage::receiving), true));
  BOOST_TEST(!retry_policy::retryable_transport_error(
      failure(make_error_code(modelarts::errc::body_too_large), attempt_stage::receiving), true));
}

BOOST_AUTO_TEST_CASE(the_retry_budget_runs_dry_and_refills_with_successes) {
  retry_budget budget(2, 0.5);
  BOOST_TEST(budget.try_spend());
  BOOST_TEST(budget.try_spend());
  BOOST_TEST(!budget.try_spend());
  budget.on_success();
  BOOST_TEST(!budget.try_spend()); // half a token is not enough
  budget.on_success();
  BOOST_TEST(budget.try_spend());
  for (int i = 0; i < 100; ++i) budget.on_success();
  BOOST_TEST(budget.tokens() == 2.0); // never above capacity
}
