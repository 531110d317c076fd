// The loop behind every waiter: poll, judge, pause with backoff and jitter,
// until the judge says done, throws, or the deadline passes.
#pragma once

#include "modelarts/wait_policy.hpp"

#include <boost/system/system_error.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <optional>

namespace modelarts::detail {

/// A pause drawn from [interval × (1 − jitter), interval × (1 + jitter)].
std::chrono::milliseconds jittered(std::chrono::milliseconds interval, double jitter);

/// `poll(deadline)` fetches the status (an awaitable; it should bound its own
/// call by the deadline it is given). `judge(status)` returns true when the
/// wait is over, false to keep polling, and throws to fail the wait (a
/// failure state: it throws wait_error<Status>{errc::resource_failed, …}).
/// When the deadline passes, `on_deadline(last status)` is called and must
/// throw (wait_error<Status>{errc::wait_deadline_exceeded, …}). The pause
/// between polls grows per `policy` and never ends past the deadline. The
/// timer honours the awaiting coroutine's cancellation.
template <class Status, class Poll, class Judge, class OnDeadline>
boost::asio::awaitable<Status> poll_until(wait_policy policy, Poll poll, Judge judge, OnDeadline on_deadline) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + policy.deadline;
  auto interval = policy.initial_interval;
  boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor);
  std::optional<Status> last;
  for (;;) {
    try {
      last.emplace(co_await poll(deadline));
    } catch (const boost::system::system_error& e) {
      // A poll cut short by the wait's own deadline ends the wait as a
      // deadline, with the status seen before, not as a failed call.
      const bool cut_by_deadline = e.code() == boost::system::errc::timed_out && clock::now() >= deadline;
      if (!cut_by_deadline || !last) throw;
    }
    if (judge(*last)) co_return std::move(*last);
    const auto wake = std::min(deadline, clock::now() + jittered(interval, policy.jitter));
    if (wake >= deadline) {
      // No further poll fits before the deadline: wait it out, then report
      // what was last seen.
      if (clock::now() < deadline) {
        pause.expires_at(deadline);
        co_await pause.async_wait(boost::asio::use_awaitable);
      }
      on_deadline(*last);
      co_return std::move(*last); // on_deadline throws; reached only if it does not
    }
    pause.expires_at(wake);
    co_await pause.async_wait(boost::asio::use_awaitable);
    const auto grown = std::chrono::duration<double, std::milli>(interval) * policy.backoff;
    interval = std::min(policy.max_interval, std::chrono::duration_cast<std::chrono::milliseconds>(grown));
  }
}

} // namespace modelarts::detail
