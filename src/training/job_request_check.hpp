// What the SDK refuses before sending a job or algorithm request: the checks
// the service would fail anyway, with a message that says what to fix.
#pragma once

#include "modelarts/training/algorithm.hpp"
#include "modelarts/training/flavors.hpp"
#include "modelarts/training/job.hpp"

namespace modelarts::training {

/// Throws system_error(errc::invalid_argument) naming the first problem: the
/// name (1–64 of [A-Za-z0-9_-]), the description (≤ 256), not exactly one
/// algorithm source, code without an engine, no flavor, node_count < 1, an
/// input without exactly one of obs_url / dataset, an output without obs_url;
/// and with `known_flavor`, another flavor id or node_count above its max_num.
void check_job_request(const job_request& r, const flavor* known_flavor);

/// The same rules for an algorithm: name, description, code or image.
void check_algorithm_request(const algorithm_request& r);

/// Throws invalid_argument unless `id` is a usable path segment (non-empty, no '/').
void check_resource_id(const std::string& id, const char* what);

} // namespace modelarts::training
