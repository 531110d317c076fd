// How a waiter (wait_for_job, wait_for_model, wait_for_service) polls, and
// what it throws when the wait does not end well.
#pragma once

#include <modelarts/error.hpp>

#include <chrono>
#include <string>
#include <utility>

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

/// Thrown by a waiter: `code()` is errc::resource_failed (the resource reached
/// a failure state) or errc::wait_deadline_exceeded (it is still in progress
/// server-side). `last()` is the resource as last observed; `what()` names its
/// state and the service's messages.
template <class Resource>
class wait_error : public boost::system::system_error {
public:
  wait_error(errc code, const std::string& what, Resource last)
      : boost::system::system_error(make_error_code(code), what), last_(std::move(last)) {}

  [[nodiscard]] const Resource& last() const noexcept { return last_; }

private:
  Resource last_;
};

} // namespace modelarts
