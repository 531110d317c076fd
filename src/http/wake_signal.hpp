// A one-shot wake-up for a coroutine waiting on state guarded by a mutex, safe
// when the waker runs on another thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <mutex>

namespace modelarts::http {

/// The waiter arms its timer and releases the mutex in one step (inside the
/// wait's initiation), and the waker calls notify() under the same mutex, so a
/// notification can neither be lost before the wait starts nor race with it.
class wake_signal {
public:
  explicit wake_signal(const boost::asio::any_io_executor& executor) : timer_(executor) {}

  /// Call with `lock` held. Returns with `lock` held again: true when
  /// notified, false at the deadline. Throws system_error(operation_aborted)
  /// when the waiting coroutine is cancelled and was not notified.
  boost::asio::awaitable<bool> wait_until(std::unique_lock<std::mutex>& lock,
                                          std::chrono::steady_clock::time_point deadline);

  /// Call with the waiter's mutex held.
  void notify();

  [[nodiscard]] bool notified() const { return notified_; }

private:
  boost::asio::steady_timer timer_;
  bool notified_ = false;
};

} // namespace modelarts::http
