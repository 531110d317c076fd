// Agency and authorization bodies <-> the SDK's types (authorization.hpp).
// They sit beside the models because the inventory groups them with the
// model and service APIs; the client is src/client/authorization_client.cpp.
#pragma once

#include "modelarts/authorization.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace modelarts::authorization_json {

boost::json::object agency_request(std::string_view suffix);
/// The `agency_name` of a create-agency answer; throws errc::malformed_response when absent.
std::string agency_name_from(const boost::json::object& body);

boost::json::object to_json(const authorization_grant& grant);
authorization_grant grant_from(const boost::json::object& body);

/// `{"auth": [...], "total_count": n}`; throws errc::malformed_response without `auth`.
authorization_list list_from(const boost::json::object& body);
/// `{"result": bool[, "success_message": s]}` (also the answer of a grant).
authorization_deletion deletion_from(const boost::json::object& body);

} // namespace modelarts::authorization_json
