// Model request and answer bodies <-> the SDK's types.
#pragma once

#include "modelarts/models/model.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace modelarts::models {

/// `/bucket/dir/` for `obs://bucket/dir/` (the REST form of an OBS path); other text unchanged.
std::string rest_obs_path(std::string_view path);

/// The POST /v1/{project_id}/models body. Empty optional fields are left out;
/// an OBS source location is sent in its REST form (`/bucket/dir/`).
boost::json::object to_json(const create_model_request& request);
/// The reverse of to_json (for tools that keep requests as JSON); unknown fields go to `extra`.
create_model_request create_request_from_json(const boost::json::object& body);

/// A list item or a detail answer.
model model_from_json(const boost::json::object& body);
/// `{total_count, count, models: [...]}`.
model_list model_list_from_json(const boost::json::object& body);

/// The id in a create answer `{"model_id": ...}`; throws errc::malformed_response when absent.
std::string model_id_from_json(const boost::json::object& body);

} // namespace modelarts::models
