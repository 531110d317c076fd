// A set of coroutines started together and stopped together: the parts of
// one file, or the files of one transfer. Each task runs bound to its own
// cancellation signal, so cancel() reaches whatever each task awaits (a
// request on the wire, a wait for a scheduler slot).
//
// Not thread-safe: used from one strand, which also runs the tasks.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <exception>
#include <functional>
#include <list>

namespace modelarts::obs::transfer {

using strand_executor = boost::asio::strand<boost::asio::any_io_executor>;

class task_group {
public:
  explicit task_group(strand_executor executor);
  ~task_group();
  task_group(const task_group&) = delete;
  task_group& operator=(const task_group&) = delete;

  /// Starts `task` on the strand. `on_done` runs on the strand when it has
  /// ended (with its exception, or null), before wait() can see the group idle.
  void spawn(boost::asio::awaitable<void> task, std::function<void(std::exception_ptr)> on_done);

  /// Emits terminal cancellation to every running task.
  void cancel();

  /// Until no task runs. Throws system_error(operation_aborted) when the
  /// awaiting coroutine is cancelled (its tasks keep running: cancel() them
  /// and wait again with cancellation disabled).
  boost::asio::awaitable<void> wait();

  [[nodiscard]] std::size_t running() const { return running_; }

private:
  strand_executor executor_;
  boost::asio::steady_timer wake_;
  std::list<boost::asio::cancellation_signal> signals_;
  std::size_t running_ = 0;
};

} // namespace modelarts::obs::transfer
