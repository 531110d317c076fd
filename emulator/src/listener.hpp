// The network side of the emulator: accepts connections (TLS or plain TCP),
// reads HTTP/1.1 requests with keep-alive, applies faults and writes answers.
// Beast and Asio.SSL are instantiated in listener.cpp only; this header keeps
// them out of every other file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace modelarts::emulator {

class emulator_state;
class router;

struct tls_identity {
  std::string certificate_chain_pem;
  std::string private_key_pem;
};

class listener {
public:
  /// Binds settings().address:port, then serves on settings().threads threads
  /// of its own. `state` and `routes` must outlive the listener. Throws
  /// boost::system::system_error when the address cannot be bound.
  listener(emulator_state& state, const router& routes, const std::optional<tls_identity>& tls);
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
