// Which failures are retried, how often, and which are not.
#include "emulator_fixture.hpp"

#include "client/client_core.hpp"
#include "http/transport_error.hpp"

#include <boost/test/unit_test.hpp>

using namespace test_support;

namespace {

std::string flavors_path(const emulator_fixture& f) {
  return "/v2/" + f.server.settings().project_id + "/training-job-flavors";
}

modelarts::emulator::fault on_flavors(const emulator_fixture& f) {
  modelarts::emulator::fault fault;
  fault.method = "GET";
  fault.path_prefix = flavors_path(f);
  return fault;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_burst_of_503_answers_is_ridden_out_by_retries) {
  emulator_fixture f;
  auto client = f.make_client();
  auto fault = on_flavors(f);
  fault.status = 503;
  fault.count = 3;
  f.server.add_fault(fault);

  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(f.flavor_requests() == 4u);
}

BOOST_AUTO_TEST_CASE(a_lasting_5xx_storm_ends_after_max_attempts_with_the_service_error) {
  emulator_fixture f;
  auto options = f.options();
  options.retry.max_attempts = 3;
  auto client = f.make_client(options, f.access_key());
  auto fault = on_flavors(f);
  fault.status = 502;
  fault.error_code = "ModelArts.0001";
  f.server.add_fault(fault);

  try {
    f.run(client.training().list_flavors());
    BOOST_FAIL("expected an api_error");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 502u);
    BOOST_TEST(e.service_code() == "ModelArts.0001");
    BOOST_TEST(!e.request_id().empty());
  }
  BOOST_TEST(f.flavor_requests() == 3u);
}

BOOST_AUTO_TEST_CASE(a_wrong_secret_key_gets_401_and_is_not_retried) {
  emulator_fixture f;
  auto creds = f.access_key();
  creds.secret_key = "Wrong-Secret-Key-That-Must-Not-Leak";
  auto client = f.make_client(f.options(), creds);
  try {
    f.run(client.training().list_flavors());
    BOOST_FAIL("expected an api_error");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 401u);
    BOOST_TEST(e.service_code() == "APIG.0301");
    BOOST_TEST(std::string(e.what()).find("Wrong-Secret-Key") == std::string::npos);
  }
  BOOST_TEST(f.flavor_requests() == 1u);
}

BOOST_AUTO_TEST_CASE(a_post_the_server_received_is_not_retried) {
  emulator_fixture f;
  auto client = f.make_client();
  const std::string path = "/v2/" + f.server.settings().project_id + "/training-jobs";
  modelarts::emulator::fault drop;
  drop.method = "POST";
  drop.path_prefix = path;
  drop.drop_before_response = true;
  f.server.add_fault(drop);

  auto req = client.core()->modelarts_request("POST", path);
  req.body = R"({"kind":"job"})";
  BOOST_TEST(!req.idempotent);
  try {
    f.run(client.core()->execute(req));
    BOOST_FAIL("expected a transport_error");
  } catch (const modelarts::http::transport_error& e) {
    BOOST_TEST(!e.never_sent());
  }
  BOOST_TEST(f.server.requests_matching("POST", path) == 1u);

  // The same request marked safe to repeat is retried.
  req.idempotent = true;
  BOOST_CHECK_THROW(f.run(client.core()->execute(req)), modelarts::http::transport_error);
  BOOST_TEST(f.server.requests_matching("POST", path) == 1u + client.options().retry.max_attempts);
}

BOOST_AUTO_TEST_CASE(a_throttled_post_is_retried_because_it_was_not_processed) {
  emulator_fixture f;
  auto client = f.make_client();
  // A path no route serves: the retry that gets through is answered 404.
  const std::string path = "/v2/" + f.server.settings().project_id + "/no-such-collection";
  modelarts::emulator::fault throttle;
  throttle.method = "POST";
  throttle.path_prefix = path;
  throttle.status = 429;
  throttle.error_code = "APIG.0308";
  throttle.count = 1;
  f.server.add_fault(throttle);

  auto req = client.core()->modelarts_request("POST", path);
  req.body = "{}";
  try {
    f.run(client.core()->execute(req));
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 404u); // the retry got through
  }
  BOOST_TEST(f.server.requests_matching("POST", path) == 2u);
}

BOOST_AUTO_TEST_CASE(retry_after_is_honoured) {
  emulator_fixture f;
  auto options = f.options();
  options.retry.max_backoff = std::chrono::seconds(5);
  auto client = f.make_client(options, f.access_key());
  auto fault = on_flavors(f);
  fault.status = 429;
  fault.retry_after_seconds = 1;
  fault.count = 1;
  f.server.add_fault(fault);

  const auto start = std::chrono::steady_clock::now();
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST((std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(950)));
  BOOST_TEST(f.flavor_requests() == 2u);
}

BOOST_AUTO_TEST_CASE(an_exhausted_retry_budget_stops_retries_client_wide) {
  emulator_fixture f;
  auto options = f.options();
  options.retry.budget_tokens = 2;
  options.retry.budget_refill_per_success = 0;
  auto client = f.make_client(options, f.access_key());
  auto fault = on_flavors(f);
  fault.status = 503;
  f.server.add_fault(fault);

  BOOST_CHECK_THROW(f.run(client.training().list_flavors()), modelarts::api_error);
  BOOST_TEST(f.flavor_requests() == 3u); // the first try and two budgeted retries
  BOOST_CHECK_THROW(f.run(client.training().list_flavors()), modelarts::api_error);
  BOOST_TEST(f.flavor_requests() == 4u); // no budget left: no retry
}

BOOST_AUTO_TEST_CASE(a_truncated_body_is_retried_for_an_idempotent_call) {
  emulator_fixture f;
  auto client = f.make_client();
  auto fault = on_flavors(f);
  fault.truncate_body = true;
  fault.count = 1;
  f.server.add_fault(fault);
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(f.flavor_requests() == 2u);
}

BOOST_AUTO_TEST_CASE(a_body_that_stays_truncated_fails_with_truncated_body) {
  emulator_fixture f;
  auto options = f.options();
  options.retry.max_attempts = 2;
  auto client = f.make_client(options, f.access_key());
  auto fault = on_flavors(f);
  fault.truncate_body = true;
  f.server.add_fault(fault);
  const auto code = code_of([&] { f.run(client.training().list_flavors()); });
  BOOST_TEST(code == make_error_code(modelarts::errc::truncated_body));
  BOOST_TEST(client.pool_stats().in_use == 0u);
  BOOST_TEST(client.pool_stats().idle == 0u); // a broken connection is never pooled
}

BOOST_AUTO_TEST_CASE(a_connection_dropped_mid_response_is_retried) {
  emulator_fixture f;
  auto client = f.make_client();
  auto fault = on_flavors(f);
  fault.drop_mid_response = true;
  fault.count = 2;
  f.server.add_fault(fault);
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(f.flavor_requests() == 3u);
}

BOOST_AUTO_TEST_CASE(a_body_beyond_the_limit_fails_without_retry) {
  emulator_fixture f;
  auto options = f.options();
  options.max_response_body = 64;
  auto client = f.make_client(options, f.access_key());
  const auto code = code_of([&] { f.run(client.training().list_flavors()); });
  BOOST_TEST(code == make_error_code(modelarts::errc::body_too_large));
  BOOST_TEST(f.flavor_requests() == 1u);
}

BOOST_AUTO_TEST_CASE(the_total_deadline_ends_a_slow_call) {
  emulator_fixture f;
  auto options = f.options();
  options.timeout.total = std::chrono::milliseconds(300);
  auto client = f.make_client(options, f.access_key());
  auto fault = on_flavors(f);
  fault.latency = std::chrono::seconds(5);
  f.server.add_fault(fault);
  const auto start = std::chrono::steady_clock::now();
  const auto code = code_of([&] { f.run(client.training().list_flavors()); });
  BOOST_TEST(code == make_error_code(modelarts::errc::deadline_exceeded));
  BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(3)));
}

BOOST_AUTO_TEST_CASE(an_attempt_timeout_is_retried_within_the_total_deadline) {
  emulator_fixture f;
  auto options = f.options();
  options.timeout.attempt = std::chrono::milliseconds(300);
  auto client = f.make_client(options, f.access_key());
  auto fault = on_flavors(f);
  fault.latency = std::chrono::seconds(5);
  fault.count = 1;
  f.server.add_fault(fault);
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(f.flavor_requests() == 2u);
}
