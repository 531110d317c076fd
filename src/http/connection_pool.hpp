// A bounded set of keep-alive connections to one origin.
#pragma once

#include "http/connection.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace modelarts::http {

struct pool_limits {
  std::size_t max_connections = 16;
  std::chrono::milliseconds idle_timeout{30000};
};

struct pool_counters {
  std::size_t in_use = 0;    ///< handed out to requests now
  std::size_t idle = 0;      ///< open and waiting for a request
  std::size_t waiters = 0;   ///< requests queued for a connection
  std::uint64_t connects = 0; ///< connections opened since the start
  std::uint64_t reuses = 0;   ///< requests served on an already used connection
};

/// At most `max_connections` connections to one origin are open (or opening)
/// at once. Requests beyond that wait in FIFO order; a released connection goes
/// straight to the oldest waiter. A connection that saw an error or an
/// unfinished body is closed, never pooled. Thread-safe.
class connection_pool : public std::enable_shared_from_this<connection_pool> {
public:
  /// A connection on loan; give it back with `release()`.
  struct lease {
    std::unique_ptr<connection> conn;
    bool reused = false;
  };

  connection_pool(origin to, std::shared_ptr<const connect_settings> settings, pool_limits limits);
  ~connection_pool();

  /// A live idle connection, a new one, or the next one released, in that
  /// order. Throws transport_error (stage waiting_for_connection or connecting)
  /// on deadline, cancellation or connect failure.
  boost::asio::awaitable<lease> acquire(steady_time deadline);

  /// Returns a connection. It is pooled only when `conn->reusable()`.
  void release(std::unique_ptr<connection> conn);

  [[nodiscard]] pool_counters counters() const;
  [[nodiscard]] const origin& destination() const { return to_; }

  /// Closes idle connections older than the idle timeout.
  void close_expired_idle();

private:
  struct waiter;
  void hand_over_slot_locked(std::unique_lock<std::mutex>& lock);
  void close_expired_idle_locked(steady_time now);

  origin to_;
  std::shared_ptr<const connect_settings> settings_;
  pool_limits limits_;

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<connection>> idle_; // most recently used last
  std::deque<std::shared_ptr<waiter>> waiters_;
  std::size_t open_ = 0; // idle + in use + opening
  std::size_t in_use_ = 0;
  std::uint64_t connects_ = 0;
  std::uint64_t reuses_ = 0;
};

} // namespace modelarts::http
