#include "toy_service.hpp"

#include "client/client_core.hpp"
#include "client/iam_token_source.hpp"

#include <modelarts/error.hpp>
#include <modelarts/models/model_client.hpp>
#include <modelarts/services/service_client.hpp>
#include <modelarts/wait_policy.hpp>

#include <chrono>
#include <stdexcept>
#include <utility>

namespace modelarts::bench {

using namespace std::chrono_literals;

// Every argument is named before co_await: g++ 12 may destroy a temporary
// made inside a co_await expression twice.
boost::asio::awaitable<deployed_service> deploy_toy_service(client sdk) {
  const auto models = sdk.models();
  auto model = models::create_model_request::from_obs("bench-predict", "1.0.0", "obs://bench/model/", "TensorFlow");
  const std::string model_id = co_await models.create_model(std::move(model));
  wait_policy model_wait(60s);
  model_wait.initial_interval = 20ms;
  model_wait.max_interval = 200ms;
  (void)co_await models.wait_for_model(model_id, model_wait);

  services::service_config config;
  config.model_id = model_id;
  config.specification = "modelarts.vm.cpu.2u";
  services::deploy_request request;
  request.service_name = "bench-predict";
  request.configs = {config};
  const auto service_client = sdk.services();
  const auto deployed = co_await service_client.deploy(std::move(request));
  wait_policy service_wait(60s);
  service_wait.initial_interval = 20ms;
  service_wait.max_interval = 200ms;
  const services::service_progress no_report;
  const auto concerning = services::concerning_policy::fail;
  const auto running = co_await service_client.wait_for_service(deployed.service_id, services::service_target::running,
                                                                service_wait, no_report, concerning);
  if (running.access_address.empty()) throw std::runtime_error("the running service has no access address");
  co_return deployed_service{deployed.service_id, running.access_address};
}

boost::asio::awaitable<std::string> current_token(client sdk) {
  auto* tokens = sdk.core()->token_source();
  if (tokens == nullptr) throw std::logic_error("the client signs with AK/SK: it holds no token");
  co_return co_await tokens->token();
}

} // namespace modelarts::bench
