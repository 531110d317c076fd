// A tiny HTTP CONNECT proxy for tests: it lets a test check that a client
// reaches the emulator through a proxy (tunnel, credentials) without any
// proxy installed on the machine. Light on purpose: tests include it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace modelarts::emulator {

/// The `Proxy-Authorization: Basic` credentials a proxy demands.
struct proxy_credentials {
  std::string user;
  std::string password;
};

/// Listens on 127.0.0.1 on an ephemeral port and serves on its own thread.
/// Each connection sends `CONNECT host:port HTTP/1.1`; the proxy answers
/// `200 Connection established` and then copies bytes both ways until either
/// side closes. Anything but CONNECT gets 405, an unreachable target 502, and
/// missing or wrong credentials (when required) 407; those connections close.
class connect_proxy {
public:
  explicit connect_proxy(std::optional<proxy_credentials> required = std::nullopt);
  ~connect_proxy();
  connect_proxy(const connect_proxy&) = delete;
  connect_proxy& operator=(const connect_proxy&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  /// `http://127.0.0.1:PORT`, the form a client's proxy option takes.
  [[nodiscard]] std::string endpoint() const;
  /// Tunnels established (answered 200) so far.
  [[nodiscard]] std::uint64_t tunnels_opened() const;
  /// CONNECT requests refused with 407.
  [[nodiscard]] std::uint64_t authentication_refusals() const;
  /// Stops accepting and closes every tunnel. Also done by the destructor.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace modelarts::emulator
