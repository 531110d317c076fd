// How wait_for_service judges one observation of a service.
#pragma once

#include "modelarts/services/service_client.hpp"

namespace modelarts::services {

/// True when `s` is the wait's end; false to keep polling. Throws
/// wait_error<service>(errc::resource_failed) for `failed`, for `concerning`
/// under concerning_policy::fail while waiting for `running`, and for a
/// settled state other than the target that the service will not leave on its
/// own (e.g. `stopped` while waiting for `running`).
bool service_wait_over(const service& s, service_target target, concerning_policy concerning);

/// Throws wait_error<service>(errc::wait_deadline_exceeded) describing `last`.
[[noreturn]] void service_wait_timed_out(const service& last, service_target target);

[[nodiscard]] const char* target_name(service_target target);

} // namespace modelarts::services
