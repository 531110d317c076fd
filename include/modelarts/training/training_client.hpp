// Training: resource flavors and engines (jobs come with a later release).
#pragma once

#include <modelarts/training/flavors.hpp>

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace modelarts {

namespace detail {
class client_core;
}

class training_client {
public:
  explicit training_client(std::shared_ptr<detail::client_core> core) : core_(std::move(core)) {}

  /// Flavors training jobs can run on; `flavor_type` ("CPU", "GPU", "Ascend") filters.
  boost::asio::awaitable<std::vector<training::flavor>>
  list_flavors(std::optional<std::string> flavor_type = std::nullopt) const;

  /// Preset AI engines (framework + version + image).
  boost::asio::awaitable<std::vector<training::engine>> list_engines() const;

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace modelarts
