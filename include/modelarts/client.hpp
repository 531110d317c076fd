// modelarts::client: the entry point. It owns the connection pools, the
// credentials and the retry budget, and hands out the service clients.
#pragma once

#include <modelarts/config.hpp>
#include <modelarts/credentials.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace modelarts {

namespace detail {
class client_core;
}

class training_client;
class obs_client;
class model_client;
class service_client;
namespace training::v1 {
class training_client;
}

/// Connection pool figures, summed over every endpoint.
struct pool_statistics {
  std::size_t in_use = 0;
  std::size_t idle = 0;
  std::size_t waiters = 0;
  std::uint64_t connects = 0;
  std::uint64_t reuses = 0;
};

/// Cheap to copy (copies share one state). Every operation is a coroutine
/// running on the executor given here; the client may be used from many
/// coroutines at once, on one thread or several. Operations keep the shared
/// state alive, so the last copy of a client may go before its operations end.
class client {
public:
  client(boost::asio::any_io_executor executor, client_options options, credentials creds);

  /// Options and credentials from the environment and the profile file alone
  /// (see README.md, "Configuration").
  static client from_environment(boost::asio::any_io_executor executor);

  [[nodiscard]] training_client training() const;
  /// Legacy v1 training (job versions, configs, visualization jobs).
  [[nodiscard]] training::v1::training_client training_v1() const;
  [[nodiscard]] model_client models() const;
  /// Real-time and batch services (agency and authorizations: authorization_client).
  [[nodiscard]] service_client services() const;
  /// Buckets, objects and multipart uploads; needs AK/SK credentials.
  [[nodiscard]] obs_client obs() const;

  [[nodiscard]] const client_options& options() const;
  [[nodiscard]] pool_statistics pool_stats() const;
  /// What the last "request time skewed" answer taught us about the server's clock.
  [[nodiscard]] std::chrono::milliseconds clock_offset() const;

  /// Access to internals for the SDK's own service clients.
  [[nodiscard]] const std::shared_ptr<detail::client_core>& core() const { return core_; }

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace modelarts
