// Legacy v1 training: jobs with versions, job configs, visualization jobs,
// built-in algorithms.
#pragma once

#include <memory>

namespace modelarts {

namespace detail {
class client_core;
}

namespace training::v1 {

class training_client {
public:
  explicit training_client(std::shared_ptr<detail::client_core> core) : core_(std::move(core)) {}

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace training::v1
} // namespace modelarts
