// The shared limiter of a transfer, with fake work: bounds on requests and
// bytes in flight, files served in turn, cancellation of a waiter.
#include "obs/transfer_scheduler.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <exception>
#include <string>
#include <vector>

namespace asio = boost::asio;
using modelarts::obs::transfer::transfer_scheduler;

namespace {

/// Fake work: take a grant, note it, hold it for `turns` turns of the loop.
struct worker_log {
  std::vector<std::uint64_t> granted_flows;
  std::size_t in_flight = 0;
  std::size_t max_in_flight = 0;
  std::uint64_t bytes = 0;
  std::uint64_t max_bytes = 0;
  std::size_t finished = 0;
};

asio::awaitable<void> fake_part(transfer_scheduler& s, worker_log& log, std::uint64_t flow, std::uint64_t bytes,
                                int turns = 3) {
  auto grant = co_await s.acquire(flow, bytes);
  log.granted_flows.push_back(flow);
  log.max_in_flight = std::max(log.max_in_flight, ++log.in_flight);
  log.bytes += bytes;
  log.max_bytes = std::max(log.max_bytes, log.bytes);
  for (int i = 0; i < turns; ++i) co_await asio::post(asio::use_awaitable);
  --log.in_flight;
  log.bytes -= bytes;
  ++log.finished;
}

void spawn(asio::io_context& io, asio::awaitable<void> op) {
  asio::co_spawn(io, std::move(op), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
}

} // namespace

BOOST_AUTO_TEST_CASE(at_most_max_requests_are_in_flight) {
  asio::io_context io;
  transfer_scheduler s(3, 1000);
  worker_log log;
  for (int i = 0; i < 20; ++i) spawn(io, fake_part(s, log, static_cast<std::uint64_t>(i % 4), 0));
  io.run();
  BOOST_TEST(log.finished == 20u);
  BOOST_TEST(log.max_in_flight == 3u);
  BOOST_TEST(s.requests_in_flight() == 0u);
}

BOOST_AUTO_TEST_CASE(bytes_in_flight_never_exceed_the_budget) {
  asio::io_context io;
  transfer_scheduler s(8, 100);
  worker_log log;
  for (int i = 0; i < 12; ++i) spawn(io, fake_part(s, log, 1 + static_cast<std::uint64_t>(i % 3), 40));
  io.run();
  BOOST_TEST(log.finished == 12u);
  BOOST_TEST(log.max_bytes == 80u); // two parts of 40; a third would make 120
  BOOST_TEST(s.peak_bytes_in_flight() == 80u);
  BOOST_TEST(s.bytes_in_flight() == 0u);
}

BOOST_AUTO_TEST_CASE(a_small_file_is_served_in_turn_not_after_every_part_of_a_large_one) {
  asio::io_context io;
  transfer_scheduler s(1, 1000);
  worker_log log;
  // The large file (flow 1) queues 6 parts before the small file (flow 2) asks once.
  for (int i = 0; i < 6; ++i) spawn(io, fake_part(s, log, 1, 100));
  spawn(io, fake_part(s, log, 2, 10));
  io.run();
  BOOST_REQUIRE(log.granted_flows.size() == 7u);
  const auto small_position = std::find(log.granted_flows.begin(), log.granted_flows.end(), 2u) -
                              log.granted_flows.begin();
  BOOST_TEST(small_position <= 1); // at once, or right after the part already running
}

BOOST_AUTO_TEST_CASE(flows_alternate_when_both_have_parts_waiting) {
  asio::io_context io;
  transfer_scheduler s(1, 1000);
  worker_log log;
  for (int i = 0; i < 4; ++i) spawn(io, fake_part(s, log, 1, 10));
  for (int i = 0; i < 4; ++i) spawn(io, fake_part(s, log, 2, 10));
  io.run();
  BOOST_REQUIRE(log.granted_flows.size() == 8u);
  for (std::size_t i = 2; i < log.granted_flows.size(); ++i)
    BOOST_TEST(log.granted_flows[i] != log.granted_flows[i - 1], "flow " << log.granted_flows[i] << " twice in a row");
}

BOOST_AUTO_TEST_CASE(a_part_larger_than_the_budget_runs_alone_instead_of_never) {
  asio::io_context io;
  transfer_scheduler s(4, 100);
  worker_log log;
  spawn(io, fake_part(s, log, 1, 30));
  spawn(io, fake_part(s, log, 2, 150));
  spawn(io, fake_part(s, log, 3, 30));
  io.run();
  BOOST_TEST(log.finished == 3u);
  BOOST_TEST(log.max_bytes == 150u); // never 150 plus another part
}

BOOST_AUTO_TEST_CASE(a_request_needing_no_bytes_passes_a_part_waiting_for_bytes) {
  asio::io_context io;
  transfer_scheduler s(4, 100);
  worker_log log;
  spawn(io, fake_part(s, log, 1, 100, 10)); // holds the whole budget for a while
  spawn(io, fake_part(s, log, 2, 50));      // must wait for bytes
  spawn(io, fake_part(s, log, 3, 0));       // a completion request: only a slot
  io.run();
  BOOST_REQUIRE(log.granted_flows.size() == 3u);
  BOOST_TEST(log.granted_flows[1] == 3u);
  BOOST_TEST(log.granted_flows[2] == 2u);
}

BOOST_AUTO_TEST_CASE(a_cancelled_waiter_leaves_the_queue_and_others_go_on) {
  asio::io_context io;
  transfer_scheduler s(1, 1000);
  worker_log log;
  spawn(io, fake_part(s, log, 1, 10, 5));
  asio::cancellation_signal cancel;
  std::exception_ptr cancelled_result;
  bool cancelled_done = false;
  asio::co_spawn(io, fake_part(s, log, 2, 10),
                 asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e) {
                   cancelled_result = e;
                   cancelled_done = true;
                 }));
  spawn(io, fake_part(s, log, 3, 10));
  asio::post(io, [&] { cancel.emit(asio::cancellation_type::terminal); });
  io.run();
  BOOST_TEST(cancelled_done);
  BOOST_REQUIRE(cancelled_result != nullptr);
  try {
    std::rethrow_exception(cancelled_result);
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == asio::error::operation_aborted));
  }
  BOOST_TEST(log.finished == 2u);
  BOOST_TEST((log.granted_flows == std::vector<std::uint64_t>{1, 3}));
  BOOST_TEST(s.waiting() == 0u);
  BOOST_TEST(s.requests_in_flight() == 0u);
}

BOOST_AUTO_TEST_CASE(limits_of_zero_are_refused) {
  BOOST_CHECK_THROW(transfer_scheduler(0, 10), std::invalid_argument);
  BOOST_CHECK_THROW(transfer_scheduler(1, 0), std::invalid_argument);
}
