// The emulator's checks of a model import request (POST /v1/{project_id}/models),
// the seeds' create-model rules (S1 Table 7-2), so that a client that skips
// its own checks sees the service refuse the request.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace modelarts::emulator {

/// nullopt when the request is acceptable, else a message naming the field
/// and the rule it breaks.
std::optional<std::string> create_request_problem(const boost::json::object& body);

} // namespace modelarts::emulator
