#include "modelarts/client.hpp"

#include "client/client_core.hpp"
#include "modelarts/obs/obs_client.hpp"
#include "modelarts/models/model_client.hpp"
#include "modelarts/services/service_client.hpp"
#include "modelarts/training/training_client.hpp"
#include "modelarts/training/v1/training_client.hpp"

namespace modelarts {

client::client(boost::asio::any_io_executor executor, client_options options, credentials creds)
    : core_(std::make_shared<detail::client_core>(std::move(executor), std::move(options), std::move(creds))) {}

client client::from_environment(boost::asio::any_io_executor executor) {
  return client(std::move(executor), client_options::from_environment(), credentials::resolve());
}

training_client client::training() const { return training_client(core_); }

obs_client client::obs() const { return obs_client(core_); }

training::v1::training_client client::training_v1() const { return training::v1::training_client(core_); }

model_client client::models() const { return model_client(core_); }

service_client client::services() const { return service_client(core_); }

const client_options& client::options() const { return core_->options(); }

pool_statistics client::pool_stats() const {
  const auto c = core_->executor().wire().counters();
  return {c.in_use, c.idle, c.waiters, c.connects, c.reuses};
}

std::chrono::milliseconds client::clock_offset() const { return core_->executor().clock().offset(); }

} // namespace modelarts
