// Models: import, list, get, delete, wait until published.
#pragma once

#include <memory>

namespace modelarts {

namespace detail {
class client_core;
}

class model_client {
public:
  explicit model_client(std::shared_ptr<detail::client_core> core) : core_(std::move(core)) {}

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace modelarts
