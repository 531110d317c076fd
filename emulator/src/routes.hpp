// Each service's routes live in their own file; add_all_routes lists them.
#pragma once

#include "emulator_state.hpp"
#include "router.hpp"

namespace modelarts::emulator {

/// IAM: POST /v3/auth/tokens.
void add_iam_routes(router& routes, emulator_state& state);
/// ModelArts training: flavors and engines.
void add_training_routes(router& routes, emulator_state& state);
/// ModelArts training v2: algorithms and jobs with a simulated lifecycle, logs, metrics.
void add_training_job_routes(router& routes, emulator_state& state);
/// ModelArts legacy v1 training: jobs, versions, configs, visualization jobs, built-in algorithms.
void add_training_v1_routes(router& routes, emulator_state& state);
/// ModelArts models (import, publishing lifecycle), agency and authorizations.
void add_model_routes(router& routes, emulator_state& state);
/// ModelArts real-time and batch services (deploy lifecycle) and their inference endpoints.
void add_service_routes(router& routes, emulator_state& state);
/// OBS: buckets, objects and multipart uploads, stored under
/// settings().data_dir / "obs". Virtual-hosted requests are tried before
/// every other route, path-style ones after the routes added before.
void add_obs_routes(router& routes, emulator_state& state);

/// Every service the emulator serves, in the order routes are tried.
void add_all_routes(router& routes, emulator_state& state);

} // namespace modelarts::emulator
