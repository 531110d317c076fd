#include "http/connection_pool.hpp"

#include "http/transport_error.hpp"
#include "modelarts/error.hpp"

#include "http/wake_signal.hpp"

#include <algorithm>

#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>

namespace modelarts::http {

namespace asio = boost::asio;

/// A request queued for a connection. Whoever frees one, under the pool's
/// mutex, fills `conn` (or sets `may_open`) and notifies.
struct connection_pool::waiter {
  explicit waiter(const asio::any_io_executor& ex) : signal(ex) {}
  wake_signal signal;
  std::unique_ptr<connection> conn;
  bool may_open = false; // a slot was freed: the waiter opens its own connection
};

connection_pool::connection_pool(origin to, std::shared_ptr<const connect_settings> settings, pool_limits limits)
    : to_(std::move(to)), settings_(std::move(settings)), limits_(limits) {}

connection_pool::~connection_pool() {
  for (auto& c : idle_) c->close();
}

void connection_pool::close_expired_idle() {
  std::lock_guard lock(mutex_);
  close_expired_idle_locked(std::chrono::steady_clock::now());
}

void connection_pool::close_expired_idle_locked(steady_time now) {
  const auto cutoff = now - limits_.idle_timeout;
  const auto expired = std::remove_if(idle_.begin(), idle_.end(), [&](const std::unique_ptr<connection>& c) {
    if (c->idle_since >= cutoff) return false;
    c->close();
    return true;
  });
  open_ -= static_cast<std::size_t>(idle_.end() - expired);
  idle_.erase(expired, idle_.end());
}

asio::awaitable<connection_pool::lease> connection_pool::acquire(steady_time deadline) {
  std::unique_lock lock(mutex_);
  close_expired_idle_locked(std::chrono::steady_clock::now());
  // The most recently used connection is the least likely to be stale.
  while (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    if (conn->idle_and_alive()) {
      ++in_use_;
      ++reuses_;
      co_return lease{std::move(conn), true};
    }
    --open_;
    conn->close();
  }

  bool may_open = open_ < limits_.max_connections;
  if (may_open) {
    ++open_;
  } else {
    auto w = std::make_shared<waiter>(co_await asio::this_coro::executor);
    waiters_.push_back(w);
    bool served = false;
    bool cancelled = false;
    try {
      served = co_await w->signal.wait_until(lock, deadline);
    } catch (...) {
      cancelled = true; // wait_until returns or throws with the lock held
    }
    if (!served) {
      std::erase(waiters_, w);
      throw transport_error(cancelled ? boost::system::error_code(asio::error::operation_aborted)
                                      : make_error_code(errc::attempt_timeout),
                            attempt_stage::waiting_for_connection, false, 0,
                            "waiting for a connection to " + to_.host_header() +
                                (cancelled ? ": cancelled" : ": timed out"));
    }
    if (w->conn) {
      ++in_use_;
      ++reuses_;
      co_return lease{std::move(w->conn), true};
    }
    may_open = w->may_open;
  }

  lock.unlock();
  std::unique_ptr<connection> fresh;
  try {
    fresh = co_await connection::open(to_, *settings_, deadline);
  } catch (...) {
    lock.lock();
    --open_;
    hand_over_slot_locked(lock);
    throw;
  }
  lock.lock();
  ++connects_;
  ++in_use_;
  co_return lease{std::move(fresh), false};
}

void connection_pool::hand_over_slot_locked(std::unique_lock<std::mutex>&) {
  // A slot is free (open_ < max): the oldest waiter may open a connection.
  if (waiters_.empty() || open_ >= limits_.max_connections) return;
  auto w = std::move(waiters_.front());
  waiters_.pop_front();
  ++open_;
  w->may_open = true;
  w->signal.notify();
}

void connection_pool::release(std::unique_ptr<connection> conn) {
  if (!conn) return;
  std::unique_lock lock(mutex_);
  --in_use_;
  if (!conn->reusable()) {
    --open_;
    lock.unlock();
    conn->close();
    lock.lock();
    hand_over_slot_locked(lock);
    return;
  }
  conn->idle_since = std::chrono::steady_clock::now();
  if (!waiters_.empty()) {
    auto w = std::move(waiters_.front());
    waiters_.pop_front();
    w->conn = std::move(conn);
    w->signal.notify();
    return;
  }
  idle_.push_back(std::move(conn));
  // Sockets the server will close anyway are not kept open until the next acquire.
  close_expired_idle_locked(std::chrono::steady_clock::now());
}

pool_counters connection_pool::counters() const {
  std::lock_guard lock(mutex_);
  return {in_use_, idle_.size(), waiters_.size(), connects_, reuses_};
}

} // namespace modelarts::http
