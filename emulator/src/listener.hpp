// The network side of the emulator: accepts connections (TLS or plain TCP),
// reads HTTP/1.1 requests with keep-alive, streams bodies to the routes,
// applies faults and writes answers. Beast and Asio.SSL are instantiated in
// listener.cpp only; this header keeps them out of every other file.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace modelarts::emulator {

class emulator_state;
class router;

struct tls_identity {
  std::string certificate_chain_pem;
  std::string private_key_pem;
};

struct tls_settings {
  tls_identity default_identity;
  /// Called (once per name, the result is kept) for a TLS server name
  /// (SNI): an identity for it, or nullopt to present the default one.
  std::function<std::optional<tls_identity>(std::string_view server_name)> identity_for_name;
};

class listener {
public:
  /// Binds settings().address:port, then serves on settings().threads threads
  /// of its own (plus settings().worker_threads for body hashing and
  /// writing). `state` and `routes` must outlive the listener. Throws
  /// boost::system::system_error when the address cannot be bound.
  listener(emulator_state& state, const router& routes, std::optional<tls_settings> tls);
  ~listener();
  listener(const listener&) = delete;
  listener& operator=(const listener&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  /// Stops accepting and serving; open connections are dropped. Idempotent.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace modelarts::emulator
