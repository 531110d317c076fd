#include "http/wake_signal.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

namespace modelarts::http {

namespace asio = boost::asio;

asio::awaitable<bool> wake_signal::wait_until(std::unique_lock<std::mutex>& lock,
                                              std::chrono::steady_clock::time_point deadline) {
  if (notified_) co_return true;
  timer_.expires_at(deadline);
  std::mutex& mutex = *lock.mutex();
  const auto token = asio::as_tuple(asio::use_awaitable);
  // The initiation runs after this coroutine is suspended, on this thread: the
  // wait is pending before the mutex is released. Once async_wait returns,
  // another thread may already resume the coroutine and free this closure, so
  // only the local pointer is touched afterwards.
  auto [ec] = co_await asio::async_initiate<decltype(token), void(boost::system::error_code)>(
      [this, &lock](auto handler) {
        std::mutex* held = lock.release();
        timer_.async_wait(std::move(handler));
        held->unlock();
      },
      token);
  lock = std::unique_lock<std::mutex>(mutex);
  if (notified_) co_return true;
  if (ec == asio::error::operation_aborted && std::chrono::steady_clock::now() < deadline)
    throw boost::system::system_error(asio::error::operation_aborted);
  co_return false;
}

void wake_signal::notify() {
  notified_ = true;
  timer_.cancel();
}

} // namespace modelarts::http
