// Real-time and batch services: deploy, list, update, delete, wait; agency and authorizations.
#pragma once

#include <memory>

namespace modelarts {

namespace detail {
class client_core;
}

class service_client {
public:
  explicit service_client(std::shared_ptr<detail::client_core> core) : core_(std::move(core)) {}

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace modelarts
