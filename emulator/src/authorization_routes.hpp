// The ModelArts agency and authorization API (S3 "管理ModelArts服务的委托授权"):
//   POST   /v2/{project_id}/agency          {"agency_name_suffix": s} → {"agency_name": "ma_agency_<s>"}
//   POST   /v2/{project_id}/authorizations  {"user_id", "type", "content"} → {"result": true}
//   GET    /v2/{project_id}/authorizations  → {"auth": [...], "total_count": n}
//   DELETE /v2/{project_id}/authorizations?user_id=U → {"result": true}; U = "all-users"
//          deletes every authorization and adds "success_message"
// Error codes (the emulator's choices; the seeds name none):
//   ModelArts.3101 400  a missing or invalid field (the message names it)
//   ModelArts.3102 404  no authorization for that user_id
//   ModelArts.3103 400  an agency authorization naming an agency that does not exist
//   ModelArts.3104 400  the agency already exists
// The agency "modelarts_agency" exists from the start (the seed's list shows it).
#pragma once

#include "emulator_state.hpp"
#include "router.hpp"

namespace modelarts::emulator {

void add_authorization_routes(router& routes, emulator_state& state);

} // namespace modelarts::emulator
