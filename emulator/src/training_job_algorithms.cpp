// ModelArts training v2 algorithms: POST/GET /v2/{project_id}/algorithms,
// GET/PUT/DELETE /v2/{project_id}/algorithms/{algorithm_id}.
#include "cloud_errors.hpp"
#include "request_auth.hpp"
#include "training_job_http.hpp"
#include "training_store.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace modelarts::emulator {
namespace {

namespace json = boost::json;

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::size_t query_number(const http::request& req, std::string_view key, std::size_t fallback) {
  for (const auto& p : req.query) {
    if (p.key != key) continue;
    std::size_t out = 0;
    const auto [ptr, ec] = std::from_chars(p.value.data(), p.value.data() + p.value.size(), out);
    if (ec == std::errc{} && ptr == p.value.data() + p.value.size()) return out;
  }
  return fallback;
}

/// nullopt when the body is a valid algorithm; else the refusal. The engine
/// is completed from the catalogue (id, tags, image) as the service does.
std::optional<http::response> check_and_complete(json::object& body, bool name_required) {
  auto* metadata = body.if_contains("metadata");
  if (name_required && (metadata == nullptr || !metadata->is_object() ||
                        text_of(metadata->get_object(), "name").empty()))
    return training_error(400, "ModelArts.2601", "metadata.name is required.");
  auto* config = body.if_contains("job_config");
  if (config == nullptr || !config->is_object())
    return training_error(400, "ModelArts.2601", "job_config is required.");
  auto& c = config->as_object();
  const bool by_code = !text_of(c, "code_dir").empty() && !text_of(c, "boot_file").empty();
  auto* engine = c.if_contains("engine");
  const bool by_image = engine != nullptr && engine->is_object() &&
                        !text_of(engine->get_object(), "image_url").empty() && !text_of(c, "command").empty();
  if (!by_code && !by_image)
    return training_error(400, "ModelArts.2601",
                          "job_config needs code_dir with boot_file and an engine, or an image with a command.");
  if (by_code) {
    const auto found = engine != nullptr && engine->is_object() ? find_engine(engine->get_object()) : std::nullopt;
    if (!found) return training_error(400, "ModelArts.2610", "The engine is not one of training-job-engines.");
    *engine = *found;
  }
  return std::nullopt;
}

http::response algorithm_not_found(std::string_view id) {
  return training_error(404, "ModelArts.2607", "Algorithm " + std::string(id) + " does not exist.");
}

} // namespace

void add_training_algorithm_routes(router& routes, emulator_state& state) {
  training_store& s = *state.training;
  using inner_handler = std::function<http::response(const http::request&, const path_params&)>;
  const auto add = [&](const char* method, std::string_view pattern, inner_handler inner) {
    routes.add(method, pattern,
               require_apig_auth(state, [&state, inner = std::move(inner)](const http::request& req,
                                                                           const path_params& params) {
                 if (auto refused = refuse_other_project(state, params)) return std::move(*refused);
                 return inner(req, params);
               }));
  };

  add("POST", "/v2/{project_id}/algorithms", [&s](const http::request& req, const path_params&) {
    auto body = json_body(req);
    if (!body) return training_error(400, "ModelArts.2601", "The request body is not a JSON object.");
    if (auto refused = check_and_complete(*body, true)) return std::move(*refused);
    return json_response(200, json::serialize(s.add_algorithm(std::move(*body))));
  });
  add("GET", "/v2/{project_id}/algorithms", [&s](const http::request& req, const path_params&) {
    const auto limit = query_number(req, "limit", 50);
    if (limit < 1 || limit > 50)
      return training_error(400, "ModelArts.2608", "limit must be between 1 and 50.");
    return json_response(200, json::serialize(s.list_algorithms(query_number(req, "offset", 0), limit)));
  });
  add("GET", "/v2/{project_id}/algorithms/{algorithm_id}", [&s](const http::request&, const path_params& p) {
    auto a = s.algorithm(p.get("algorithm_id"));
    return a ? json_response(200, json::serialize(*a)) : algorithm_not_found(p.get("algorithm_id"));
  });
  add("PUT", "/v2/{project_id}/algorithms/{algorithm_id}", [&s](const http::request& req, const path_params& p) {
    auto body = json_body(req);
    if (!body) return training_error(400, "ModelArts.2601", "The request body is not a JSON object.");
    if (auto refused = check_and_complete(*body, false)) return std::move(*refused);
    auto a = s.update_algorithm(p.get("algorithm_id"), *body);
    return a ? json_response(200, json::serialize(*a)) : algorithm_not_found(p.get("algorithm_id"));
  });
  add("DELETE", "/v2/{project_id}/algorithms/{algorithm_id}", [&s](const http::request&, const path_params& p) {
    if (!s.remove_algorithm(p.get("algorithm_id"))) return algorithm_not_found(p.get("algorithm_id"));
    http::response res;
    res.status = 202;
    return res;
  });
}

} // namespace modelarts::emulator
