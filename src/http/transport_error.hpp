// What went wrong in one attempt, with the facts the retry decision needs.
#pragma once

#include <boost/system/system_error.hpp>

#include <cstdint>
#include <string>

namespace modelarts::http {

/// How far an attempt got before it failed.
enum class attempt_stage {
  waiting_for_connection, ///< queued for a pooled connection: nothing was sent
  connecting,             ///< resolve, connect, proxy tunnel, TLS handshake: nothing was sent
  sending,                ///< writing the request: the server may have part of it
  receiving,              ///< the request was written; the answer did not arrive whole
};

/// A failed attempt. `code()` is the underlying error (connection reset, timeout,
/// certificate rejected...); the accessors say whether trying again is safe.
class transport_error : public boost::system::system_error {
public:
  transport_error(boost::system::error_code ec, attempt_stage stage, bool reused_connection,
                  std::uint64_t response_bytes, std::string what)
      : system_error(ec, what), stage_(stage), reused_(reused_connection),
        response_bytes_(response_bytes) {}

  [[nodiscard]] attempt_stage stage() const noexcept { return stage_; }
  [[nodiscard]] bool reused_connection() const noexcept { return reused_; }
  [[nodiscard]] std::uint64_t response_bytes() const noexcept { return response_bytes_; }
  /// True when the request provably never reached the server.
  [[nodiscard]] bool never_sent() const noexcept {
    return stage_ == attempt_stage::waiting_for_connection || stage_ == attempt_stage::connecting;
  }

private:
  attempt_stage stage_;
  bool reused_;
  std::uint64_t response_bytes_;
};

} // namespace modelarts::http
