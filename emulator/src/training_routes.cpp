// ModelArts training catalogue: GET /v2/{project_id}/training-job-flavors
// (optional flavor_type filter) and GET /v2/{project_id}/training-job-engines.
#include "routes.hpp"

#include "cloud_errors.hpp"
#include "request_auth.hpp"
#include "training_catalog.hpp"

#include <boost/json.hpp>

namespace modelarts::emulator {

namespace {

namespace json = boost::json;

/// 404 unless the path's project is the emulator's (ModelArts.0104, see cloud_errors.hpp).
std::optional<http::response> check_project(const emulator_state& state, const path_params& params) {
  const auto project = params.get("project_id");
  if (project == state.settings().project_id) return std::nullopt;
  return apig_error(404, "ModelArts.0104", "The project does not exist or is not accessible.");
}

std::string_view query_value(const http::request& req, std::string_view key) {
  for (const auto& p : req.query) {
    if (p.key == key) return p.value;
  }
  return {};
}

http::response list_flavors(const emulator_state& state, const http::request& req,
                            const path_params& params) {
  if (auto refused = check_project(state, params)) return std::move(*refused);
  const auto wanted = query_value(req, "flavor_type");
  if (wanted.empty()) return json_response(200, std::string(training_flavors_json()));

  static const json::value catalog = json::parse(training_flavors_json());
  json::array flavors;
  for (const auto& f : catalog.at("flavors").as_array()) {
    if (http::iequals(f.at("flavor_type").as_string(), wanted)) flavors.push_back(f);
  }
  json::object body;
  body["total_count"] = flavors.size();
  body["flavors"] = std::move(flavors);
  return json_response(200, json::serialize(body));
}

http::response list_engines(const emulator_state& state, const path_params& params) {
  if (auto refused = check_project(state, params)) return std::move(*refused);
  return json_response(200, std::string(training_engines_json()));
}

} // namespace

void add_training_routes(router& routes, emulator_state& state) {
  routes.add("GET", "/v2/{project_id}/training-job-flavors",
             require_apig_auth(state, [&state](const http::request& req, const path_params& params) {
               return list_flavors(state, req, params);
             }));
  routes.add("GET", "/v2/{project_id}/training-job-engines",
             require_apig_auth(state, [&state](const http::request&, const path_params& params) {
               return list_engines(state, params);
             }));
}

} // namespace modelarts::emulator
