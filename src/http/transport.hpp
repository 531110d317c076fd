// Sends one attempt of a request over the pool for its origin.
#pragma once

#include "http/connection_pool.hpp"

#include <boost/asio/awaitable.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace modelarts::http {

/// The pools of one client, one per origin, created on first use.
class transport {
public:
  transport(std::shared_ptr<const connect_settings> settings, pool_limits limits);

  /// One attempt: a pooled connection, one exchange, the connection returned
  /// (or closed when it cannot carry another request). When a reused
  /// connection turns out to be closed by the server before any byte of the
  /// answer arrived, the attempt is repeated once on a fresh connection,
  /// provided the request is idempotent. Throws transport_error.
  boost::asio::awaitable<response> send(const request& req, const exchange_limits& limits);

  /// Sums over every origin.
  [[nodiscard]] pool_counters counters() const;
  [[nodiscard]] pool_counters counters(const origin& to) const;

private:
  std::shared_ptr<connection_pool> pool_for(const origin& to);

  std::shared_ptr<const connect_settings> settings_;
  pool_limits limits_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<connection_pool>> pools_;
};

} // namespace modelarts::http
