// How wait_for_version judges one observation of a version.
#pragma once

#include "modelarts/training/v1/types.hpp"

namespace modelarts::training::v1 {

/// True when the version completed; false while it is on its way. Throws
/// wait_error<job_version>(errc::resource_failed) for a failure state or a
/// stop (killed, canceled).
bool version_wait_over(const job_version& v);

/// Throws wait_error<job_version>(errc::wait_deadline_exceeded) describing `last`.
[[noreturn]] void version_wait_timed_out(const job_version& last);

} // namespace modelarts::training::v1
