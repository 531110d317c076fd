#include "routes.hpp"

namespace modelarts::emulator {

void add_service_routes(router&, emulator_state&) {}

} // namespace modelarts::emulator
