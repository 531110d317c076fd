// Each service's routes live in their own file; add_all_routes lists them.
#pragma once

#include "emulator_state.hpp"
#include "router.hpp"

namespace modelarts::emulator {

/// IAM: POST /v3/auth/tokens.
void add_iam_routes(router& routes, emulator_state& state);
/// ModelArts training: flavors and engines.
void add_training_routes(router& routes, emulator_state& state);
/// OBS: buckets, objects and multipart uploads, stored under
/// settings().data_dir / "obs". Virtual-hosted requests are tried before
/// every other route, path-style ones after the routes added before.
void add_obs_routes(router& routes, emulator_state& state);

/// Every service the emulator serves, in the order routes are tried.
void add_all_routes(router& routes, emulator_state& state);

} // namespace modelarts::emulator
