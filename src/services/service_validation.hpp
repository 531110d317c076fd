// Client-side checks of service requests, so that a request the service would
// refuse is refused before it is sent, with the field and the rule named.
// Each check throws system_error(errc::invalid_argument).
#pragma once

#include "modelarts/services/service.hpp"

namespace modelarts::services::validation {

void check(const deploy_request& r);
void check(const batch_deploy_request& r);
void check(const service_update& u);
void check(const property_update& u);
/// A service id is one path segment: not empty, no `/`.
void check_service_id(const std::string& id);

} // namespace modelarts::services::validation
