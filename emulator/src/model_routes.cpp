#include "routes.hpp"

namespace modelarts::emulator {

void add_model_routes(router&, emulator_state&) {}

} // namespace modelarts::emulator
