#include "training_job_http.hpp"

#include "cloud_errors.hpp"
#include "training_catalog.hpp"

#include <boost/json.hpp>

namespace modelarts::emulator {

namespace json = boost::json;

http::response training_error(unsigned status, std::string_view code, std::string_view message,
                              std::string_view solution) {
  json::object body{{"error_code", code}, {"error_msg", message}};
  if (!solution.empty()) body["error_solution"] = solution;
  return json_response(status, json::serialize(body));
}

std::optional<http::response> refuse_other_project(const emulator_state& state, const path_params& params) {
  if (params.get("project_id") == state.settings().project_id) return std::nullopt;
  return apig_error(404, "ModelArts.0104", "The project does not exist or is not accessible.");
}

std::optional<json::object> json_body(const http::request& req) {
  boost::system::error_code ec;
  auto v = json::parse(req.body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::optional<json::object> find_flavor(std::string_view flavor_id) {
  static const json::value catalog = json::parse(training_flavors_json());
  for (const auto& f : catalog.at("flavors").as_array()) {
    if (f.at("flavor_id").as_string() == flavor_id) return f.as_object();
  }
  return std::nullopt;
}

std::optional<json::object> find_engine(const json::object& ref) {
  static const json::value catalog = json::parse(training_engines_json());
  const auto text = [&](std::string_view key) -> std::string_view {
    const auto* v = ref.if_contains(key);
    return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
  };
  for (const auto& e : catalog.at("items").as_array()) {
    const auto& o = e.as_object();
    const bool by_id = !text("engine_id").empty() && o.at("engine_id").as_string() == text("engine_id");
    const bool by_name = !text("engine_name").empty() && o.at("engine_name").as_string() == text("engine_name") &&
                         o.at("engine_version").as_string() == text("engine_version");
    if (by_id || by_name) return o;
  }
  return std::nullopt;
}

} // namespace modelarts::emulator
