// The waiters' poll loop: done, failure, deadline with the last status, backoff, jitter.
#include "client/poll_loop.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <exception>
#include <stdexcept>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using modelarts::errc;
using clock_type = std::chrono::steady_clock;

namespace {

template <class T>
T run(asio::io_context& io, asio::awaitable<T> work) {
  std::exception_ptr failure;
  T result{};
  asio::co_spawn(io, std::move(work), [&](std::exception_ptr e, T value) {
    failure = e;
    result = std::move(value);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return result;
}

modelarts::wait_policy fast_policy(std::chrono::milliseconds deadline) {
  modelarts::wait_policy p(deadline);
  p.initial_interval = 5ms;
  p.max_interval = 20ms;
  p.jitter = 0.0;
  return p;
}

} // namespace

BOOST_AUTO_TEST_CASE(returns_the_status_the_judge_accepts) {
  asio::io_context io;
  int polls = 0;
  auto poll = [&](clock_type::time_point) -> asio::awaitable<int> { co_return ++polls; };
  const int final_status = run(io, modelarts::detail::poll_until<int>(
                                       fast_policy(5s), poll, [](int s) { return s == 4; },
                                       [](int) { throw std::logic_error("deadline"); }));
  BOOST_TEST(final_status == 4);
  BOOST_TEST(polls == 4);
}

BOOST_AUTO_TEST_CASE(a_judge_that_throws_fails_the_wait) {
  asio::io_context io;
  auto poll = [](clock_type::time_point) -> asio::awaitable<int> { co_return 7; };
  auto judge = [](int s) -> bool {
    throw modelarts::wait_error<int>(errc::resource_failed, "failed", s);
  };
  try {
    run(io, modelarts::detail::poll_until<int>(fast_policy(5s), poll, judge, [](int) {}));
    BOOST_FAIL("the wait should have failed");
  } catch (const modelarts::wait_error<int>& e) {
    BOOST_TEST((e.code() == modelarts::make_error_code(errc::resource_failed)));
    BOOST_TEST(e.last() == 7);
  }
}

BOOST_AUTO_TEST_CASE(the_deadline_reports_the_last_status_and_is_kept) {
  asio::io_context io;
  int polls = 0;
  auto poll = [&](clock_type::time_point) -> asio::awaitable<int> { co_return ++polls; };
  auto on_deadline = [](int s) {
    throw modelarts::wait_error<int>(errc::wait_deadline_exceeded, "still running", s);
  };
  const auto start = clock_type::now();
  try {
    run(io, modelarts::detail::poll_until<int>(fast_policy(100ms), poll, [](int) { return false; }, on_deadline));
    BOOST_FAIL("the wait should have hit its deadline");
  } catch (const modelarts::wait_error<int>& e) {
    const auto waited = clock_type::now() - start;
    BOOST_TEST((e.code() == modelarts::make_error_code(errc::wait_deadline_exceeded)));
    BOOST_TEST(e.last() == polls);
    BOOST_TEST((waited >= 100ms));
    BOOST_TEST((waited < 2s));
  }
  BOOST_TEST(polls >= 3); // 5, 7.5, 11, 16, 20 ms pauses fit many polls into 100 ms
}

BOOST_AUTO_TEST_CASE(pauses_grow_by_the_backoff_up_to_the_maximum) {
  asio::io_context io;
  std::vector<clock_type::time_point> at;
  auto poll = [&](clock_type::time_point) -> asio::awaitable<int> {
    at.push_back(clock_type::now());
    co_return static_cast<int>(at.size());
  };
  auto policy = fast_policy(10s);
  policy.initial_interval = 20ms;
  policy.backoff = 2.0;
  policy.max_interval = 80ms;
  run(io, modelarts::detail::poll_until<int>(policy, poll, [](int s) { return s == 6; }, [](int) {}));
  BOOST_REQUIRE(at.size() == 6u);
  // Expected pauses: 20, 40, 80, 80, 80 ms.
  const std::chrono::milliseconds expected[] = {20ms, 40ms, 80ms, 80ms, 80ms};
  for (std::size_t i = 1; i < at.size(); ++i) {
    BOOST_TEST_CONTEXT("pause " << i) { BOOST_TEST(((at[i] - at[i - 1]) >= expected[i - 1])); }
  }
}

BOOST_AUTO_TEST_CASE(jitter_spreads_pauses_within_its_fraction) {
  bool saw_below = false;
  bool saw_above = false;
  for (int i = 0; i < 1000; ++i) {
    const auto p = modelarts::detail::jittered(1000ms, 0.2);
    BOOST_TEST((p >= 800ms));
    BOOST_TEST((p <= 1200ms));
    saw_below = saw_below || p < 1000ms;
    saw_above = saw_above || p > 1000ms;
  }
  BOOST_TEST(saw_below);
  BOOST_TEST(saw_above);
  BOOST_TEST((modelarts::detail::jittered(1000ms, 0.0) == 1000ms));
}
