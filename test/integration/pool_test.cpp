// The connection pool under load, with stale connections and cancellation.
#include "emulator_fixture.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/test/unit_test.hpp>

#include "client/client_core.hpp"

#include <thread>

using namespace test_support;
using modelarts::training::flavor;

namespace {

std::string flavors_path(const emulator_fixture& f) {
  return "/v2/" + f.server.settings().project_id + "/training-job-flavors";
}

} // namespace

BOOST_AUTO_TEST_CASE(a_thousand_concurrent_calls_through_a_pool_of_eight_open_at_most_eight_connections) {
  emulator_fixture f;
  auto options = f.options();
  options.pool.max_connections = 8;
  auto client = f.make_client(options, f.access_key());

  int succeeded = 0;
  int failed = 0;
  for (int i = 0; i < 1000; ++i) {
    asio::co_spawn(f.io, client.training().list_flavors(), [&](std::exception_ptr e, std::vector<flavor> v) {
      (!e && !v.empty()) ? ++succeeded : ++failed;
    });
  }
  f.io.run();

  BOOST_TEST(succeeded == 1000);
  BOOST_TEST(failed == 0);
  const auto stats = client.pool_stats();
  BOOST_TEST(stats.connects <= 8u);
  BOOST_TEST(stats.connects >= 1u);
  BOOST_TEST(f.server.statistics().connections_accepted <= 8u);
  BOOST_TEST(stats.in_use == 0u);
  BOOST_TEST(stats.waiters == 0u);
  BOOST_TEST(stats.reuses >= 992u);
  BOOST_TEST(f.flavor_requests() == 1000u);
}

BOOST_AUTO_TEST_CASE(sequential_calls_reuse_one_keep_alive_connection) {
  emulator_fixture f;
  auto client = f.make_client();
  for (int i = 0; i < 5; ++i) f.run(client.training().list_flavors());
  BOOST_TEST(client.pool_stats().connects == 1u);
  BOOST_TEST(client.pool_stats().idle == 1u);
  BOOST_TEST(f.server.statistics().connections_accepted == 1u);
}

BOOST_AUTO_TEST_CASE(a_stale_keep_alive_connection_is_replaced_transparently) {
  emulator_fixture f;
  auto client = f.make_client();
  modelarts::emulator::fault stale;
  stale.path_prefix = flavors_path(f);
  stale.count = 1;
  stale.close_after_response = true;
  f.server.add_fault(stale);

  BOOST_TEST(!f.run(client.training().list_flavors()).empty()); // the server closes the connection afterwards
  BOOST_TEST(!f.run(client.training().list_flavors()).empty()); // on a fresh connection, no error seen

  BOOST_TEST(client.pool_stats().connects == 2u);
  BOOST_TEST(f.flavor_requests() == 2u);
}

BOOST_AUTO_TEST_CASE(cancelling_a_call_mid_request_returns_its_connection_slot) {
  emulator_fixture f;
  auto options = f.options();
  options.pool.max_connections = 1;
  auto client = f.make_client(options, f.access_key());
  modelarts::emulator::fault slow;
  slow.path_prefix = flavors_path(f);
  slow.count = 1;
  slow.latency = std::chrono::seconds(30);
  f.server.add_fault(slow);

  asio::cancellation_signal cancel;
  boost::system::error_code seen;
  asio::co_spawn(f.io, client.training().list_flavors(),
                 asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, std::vector<flavor>) {
                   try {
                     if (e) std::rethrow_exception(e);
                   } catch (const boost::system::system_error& err) {
                     seen = err.code();
                   }
                 }));
  asio::steady_timer later(f.io, std::chrono::milliseconds(200));
  later.async_wait([&](boost::system::error_code) { cancel.emit(asio::cancellation_type::terminal); });
  const auto started = std::chrono::steady_clock::now();
  f.io.run();

  BOOST_TEST(seen == asio::error::operation_aborted);
  BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(10)));
  BOOST_TEST(client.pool_stats().in_use == 0u);
  // The only slot is free again: the next call gets a connection at once.
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(client.pool_stats().connects == 2u);
}

BOOST_AUTO_TEST_CASE(a_call_waiting_for_a_busy_pool_times_out_with_the_deadline) {
  emulator_fixture f;
  auto options = f.options();
  options.pool.max_connections = 1;
  options.timeout.total = std::chrono::milliseconds(400);
  auto client = f.make_client(options, f.access_key());
  modelarts::emulator::fault slow;
  slow.path_prefix = flavors_path(f);
  slow.latency = std::chrono::seconds(3);
  f.server.add_fault(slow);

  int deadline_errors = 0;
  for (int i = 0; i < 2; ++i) {
    asio::co_spawn(f.io, client.training().list_flavors(), [&](std::exception_ptr e, std::vector<flavor>) {
      try {
        if (e) std::rethrow_exception(e);
      } catch (const boost::system::system_error& err) {
        if (err.code() == make_error_code(modelarts::errc::deadline_exceeded)) ++deadline_errors;
      }
    });
  }
  f.io.run();
  BOOST_TEST(deadline_errors == 2);
  BOOST_TEST(client.pool_stats().in_use == 0u);
  BOOST_TEST(client.pool_stats().waiters == 0u);
}

BOOST_AUTO_TEST_CASE(an_idle_connection_past_the_idle_timeout_is_not_reused) {
  emulator_fixture f;
  auto options = f.options();
  options.pool.idle_timeout = std::chrono::milliseconds(100);
  auto client = f.make_client(options, f.access_key());
  f.run(client.training().list_flavors());
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  f.run(client.training().list_flavors());
  BOOST_TEST(client.pool_stats().connects == 2u);
  BOOST_TEST(client.pool_stats().reuses == 0u);
}

BOOST_AUTO_TEST_CASE(connections_are_pooled_per_origin) {
  emulator_fixture first;
  modelarts::emulator::server second;
  auto client = first.make_client();

  auto to_second = client.core()->modelarts_request("GET", "/v2/" + first.server.settings().project_id +
                                                               "/training-job-flavors");
  to_second.to = modelarts::http::parse_origin(second.endpoint());
  for (int i = 0; i < 3; ++i) {
    first.run(client.training().list_flavors());
    // The second emulator has its own CA, so the TLS handshake fails there:
    // what matters is that it was a connection of its own.
    BOOST_CHECK_THROW(first.run(client.core()->execute(to_second)), std::exception);
  }
  BOOST_TEST(first.server.statistics().connections_accepted == 1u);
  BOOST_TEST(second.statistics().connections_accepted == 3u); // a failed handshake leaves nothing to pool
  BOOST_TEST(client.pool_stats().connects == 1u);
}
