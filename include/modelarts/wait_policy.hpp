// How a waiter (wait_for_job, wait_for_model, wait_for_service) polls.
#pragma once

#include <chrono>

namespace modelarts {

/// Polls start `initial_interval` apart and grow by `backoff` up to
/// `max_interval`; each pause is spread by ±`jitter` (a fraction) so that
/// thousands of waiters started together do not poll in lockstep. The
/// deadline is mandatory: a waiter never waits forever. Cancelling the
/// awaiting coroutine (Asio cancellation) stops the wait at once.
struct wait_policy {
  explicit wait_policy(std::chrono::milliseconds wait_deadline) : deadline(wait_deadline) {}

  std::chrono::milliseconds deadline;
  std::chrono::milliseconds initial_interval{std::chrono::seconds(5)};
  std::chrono::milliseconds max_interval{std::chrono::seconds(60)};
  double backoff = 1.5;
  double jitter = 0.2;
};

} // namespace modelarts
