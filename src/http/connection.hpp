// One keep-alive HTTP/1.1 connection, plain or TLS, behind a non-template
// interface: Beast and OpenSSL are instantiated in connection.cpp only.
#pragma once

#include "core/http_message.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace boost::asio::ssl { class context; }

namespace modelarts::http {

using steady_time = std::chrono::steady_clock::time_point;

/// How connections reach their origin. Shared, read-only, by every pool of a client.
struct connect_settings {
  std::shared_ptr<boost::asio::ssl::context> tls; ///< null: no https:// possible
  bool verify_peer = true;
  std::map<std::string, std::string> host_overrides;
  std::optional<origin> proxy;          ///< an http:// CONNECT proxy for https:// origins
  std::string proxy_authorization;      ///< `Basic …` for the proxy, may be empty
  std::vector<std::string> no_proxy;    ///< host suffixes that bypass the proxy; "*" for all
  std::chrono::milliseconds connect_timeout{10000};
};

/// Limits for one request/response exchange.
struct exchange_limits {
  steady_time deadline;             ///< the whole exchange ends by then
  std::size_t max_body = 0;         ///< bytes of an in-memory body
  const body_sink* sink = nullptr;  ///< a 2xx body goes here instead of memory
};

class connection {
public:
  /// Resolves (host overrides first), connects, tunnels through the proxy and
  /// shakes hands. Throws transport_error at stage `connecting`.
  static boost::asio::awaitable<std::unique_ptr<connection>>
  open(const origin& to, const connect_settings& settings, steady_time deadline);

  virtual ~connection() = default;

  /// Writes the request and reads the whole response. Throws transport_error;
  /// afterwards the connection is not reusable.
  virtual boost::asio::awaitable<response> exchange(const request& req, const exchange_limits& limits) = 0;

  /// After an exchange: the server allows another request on this connection
  /// and the last response was read completely.
  [[nodiscard]] virtual bool reusable() const = 0;

  /// An idle connection the server has closed (or written to unasked) is
  /// readable; this peeks without blocking.
  [[nodiscard]] virtual bool idle_and_alive() const = 0;

  /// How many requests this connection has carried.
  [[nodiscard]] virtual std::uint64_t exchanges() const = 0;

  virtual void close() noexcept = 0;

  steady_time idle_since{};
};

} // namespace modelarts::http
