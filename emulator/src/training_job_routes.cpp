#include "routes.hpp"

namespace modelarts::emulator {

void add_training_job_routes(router&, emulator_state&) {}

} // namespace modelarts::emulator
