#include "routes.hpp"

namespace modelarts::emulator {

void add_all_routes(router& routes, emulator_state& state) {
  add_iam_routes(routes, state);
  add_training_routes(routes, state);
  add_obs_routes(routes, state);
}

} // namespace modelarts::emulator
