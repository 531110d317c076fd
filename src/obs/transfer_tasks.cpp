#include "obs/transfer_tasks.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <cassert>

namespace modelarts::obs::transfer {

namespace asio = boost::asio;

task_group::task_group(strand_executor executor) : executor_(executor), wake_(executor) {}

task_group::~task_group() { assert(running_ == 0 && "a task_group must outlive its tasks"); }

void task_group::spawn(asio::awaitable<void> task, std::function<void(std::exception_ptr)> on_done) {
  const auto signal = signals_.emplace(signals_.end());
  ++running_;
  asio::co_spawn(executor_, std::move(task),
                 asio::bind_cancellation_slot(
                     signal->slot(), [this, signal, on_done = std::move(on_done)](std::exception_ptr e) mutable {
                       // The handler may run inside the finished coroutine's
                       // last step, which still refers to the signal's slot:
                       // the bookkeeping waits for the next turn of the strand.
                       asio::post(executor_, [this, signal, e, on_done = std::move(on_done)] {
                         signals_.erase(signal);
                         if (on_done) on_done(e);
                         --running_;
                         wake_.cancel();
                       });
                     }));
}

void task_group::cancel() {
  for (auto& s : signals_) s.emit(asio::cancellation_type::terminal);
}

asio::awaitable<void> task_group::wait() {
  while (running_ > 0) {
    wake_.expires_at(asio::steady_timer::time_point::max());
    co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
    const auto state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none)
      throw boost::system::system_error(asio::error::operation_aborted, "transfer cancelled");
  }
}

} // namespace modelarts::obs::transfer
