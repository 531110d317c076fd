#include "routes.hpp"

namespace modelarts::emulator {

void add_all_routes(router& routes, emulator_state& state) {
  add_iam_routes(routes, state);
  add_training_routes(routes, state);
  add_training_job_routes(routes, state);
  add_training_v1_routes(routes, state);
  add_model_routes(routes, state);
  add_service_routes(routes, state); // after models: a service names its models
  add_obs_routes(routes, state);
}

} // namespace modelarts::emulator
