#include "http/transport.hpp"

#include "http/transport_error.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

namespace modelarts::http {
namespace {

std::string pool_key(const origin& to) {
  return to.scheme + "://" + to.host + ":" + std::to_string(to.port);
}

/// The connection was closed or reset by the server while it sat in the pool:
/// nothing of an answer arrived and the first read or write found the
/// connection gone. Timeouts and cancellation are not staleness.
bool looks_stale(const transport_error& e) {
  namespace error = boost::asio::error;
  const auto ec = e.code();
  const bool closed = ec == error::eof || ec == error::connection_reset || ec == error::broken_pipe ||
                      ec == boost::asio::ssl::error::stream_truncated;
  return closed && e.reused_connection() && e.response_bytes() == 0 &&
         (e.stage() == attempt_stage::sending || e.stage() == attempt_stage::receiving);
}

} // namespace

transport::transport(std::shared_ptr<const connect_settings> settings, pool_limits limits)
    : settings_(std::move(settings)), limits_(limits) {}

std::shared_ptr<connection_pool> transport::pool_for(const origin& to) {
  std::lock_guard lock(mutex_);
  auto& pool = pools_[pool_key(to)];
  if (!pool) pool = std::make_shared<connection_pool>(to, settings_, limits_);
  return pool;
}

boost::asio::awaitable<response> transport::send(const request& req, const exchange_limits& limits) {
  const auto pool = pool_for(req.to);
  for (int round = 0;; ++round) {
    auto lease = co_await pool->acquire(limits.deadline);
    std::unique_ptr<connection> conn = std::move(lease.conn);
    std::optional<transport_error> failure;
    try {
      auto res = co_await conn->exchange(req, limits);
      pool->release(std::move(conn));
      co_return res;
    } catch (const transport_error& e) {
      failure = e;
    } catch (...) {
      conn->close();
      pool->release(std::move(conn));
      throw;
    }
    conn->close();
    pool->release(std::move(conn));
    // A stale keep-alive connection is the pool's problem, not a failure of the
    // request: try once more on a fresh connection.
    if (round == 0 && lease.reused && looks_stale(*failure) && req.idempotent &&
        std::chrono::steady_clock::now() < limits.deadline)
      continue;
    throw *failure;
  }
}

pool_counters transport::counters() const {
  std::lock_guard lock(mutex_);
  pool_counters sum;
  for (const auto& [key, pool] : pools_) {
    const auto c = pool->counters();
    sum.in_use += c.in_use;
    sum.idle += c.idle;
    sum.waiters += c.waiters;
    sum.connects += c.connects;
    sum.reuses += c.reuses;
  }
  return sum;
}

pool_counters transport::counters(const origin& to) const {
  std::lock_guard lock(mutex_);
  const auto it = pools_.find(pool_key(to));
  return it == pools_.end() ? pool_counters{} : it->second->counters();
}

} // namespace modelarts::http
