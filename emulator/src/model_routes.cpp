// ModelArts models (the seeds give no URI; the paths are the inventory's
// inferred ones, §7):
//   POST   /v1/{project_id}/models             import → 200 {"model_id": ...}
//   GET    /v1/{project_id}/models             list: model_name (substring), model_version,
//          model_status, description (substring), offset (page index), limit
//          (1–1000, default 280), sort_by (create_at|model_version|model_size), order (asc|desc)
//   GET    /v1/{project_id}/models/{model_id}  detail (model_status computed from the clock)
//   DELETE /v1/{project_id}/models/{model_id}  → 200 {"model_id": ...}
// Error codes (the emulator's choices; the seeds name none):
//   ModelArts.3001 400  a missing or invalid field or query parameter (the message names it)
//   ModelArts.3002 400  a model with this name and version exists
//   ModelArts.3003 404  no model with this id
// Agency and authorizations are in authorization_routes.cpp.
#include "authorization_routes.hpp"
#include "cloud_errors.hpp"
#include "model_request_check.hpp"
#include "model_store.hpp"
#include "request_auth.hpp"
#include "routes.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace modelarts::emulator {

namespace {

namespace json = boost::json;

std::optional<http::response> check_project(const emulator_state& state, const path_params& params) {
  if (params.get("project_id") == state.settings().project_id) return std::nullopt;
  return apig_error(404, "ModelArts.0104", "The project does not exist or is not accessible.");
}

http::response invalid(std::string_view message) { return apig_error(400, "ModelArts.3001", message); }

http::response not_found(std::string_view id) {
  return apig_error(404, "ModelArts.3003", "Model " + std::string(id) + " does not exist.");
}

bool parse_size(std::string_view text, std::size_t& out) {
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, out);
  return r.ec == std::errc() && r.ptr == end;
}

http::response create_model(model_store& store, const http::request& req) {
  json::error_code ec;
  auto parsed = json::parse(req.body, ec);
  if (ec || !parsed.is_object()) return invalid("The request body is not a JSON object.");
  auto& body = parsed.as_object();
  if (auto problem = create_request_problem(body)) return invalid(*problem);
  const auto name = std::string(body.at("model_name").as_string());
  const auto version = std::string(body.at("model_version").as_string());
  if (store.contains(name, version)) {
    return apig_error(400, "ModelArts.3002",
                      "Model " + name + " version " + version + " already exists.");
  }
  json::object answer;
  answer["model_id"] = store.add(std::move(body));
  return json_response(200, json::serialize(answer));
}

http::response list_models(const model_store& store, const http::request& req) {
  model_query query;
  for (const auto& p : req.query) {
    if (p.key == "model_name") {
      query.name_contains = p.value;
    } else if (p.key == "model_version") {
      query.version = p.value;
    } else if (p.key == "model_status") {
      if (p.value != "publishing" && p.value != "published" && p.value != "failed")
        return invalid("model_status must be publishing, published or failed.");
      query.status = p.value;
    } else if (p.key == "description") {
      query.description_contains = p.value;
    } else if (p.key == "offset") {
      if (!parse_size(p.value, query.page) || query.page > 1'000'000)
        return invalid("offset must be a page index (0 or more).");
    } else if (p.key == "limit") {
      if (!parse_size(p.value, query.limit) || query.limit < 1 || query.limit > 1000)
        return invalid("limit must be between 1 and 1000.");
    } else if (p.key == "sort_by") {
      if (p.value != "create_at" && p.value != "model_version" && p.value != "model_size")
        return invalid("sort_by must be create_at, model_version or model_size.");
      query.sort_by = p.value;
    } else if (p.key == "order") {
      if (p.value != "asc" && p.value != "desc") return invalid("order must be asc or desc.");
      query.ascending = p.value == "asc";
    }
  }
  return json_response(200, json::serialize(store.list(query)));
}

http::response get_model(const model_store& store, const path_params& params) {
  const auto id = params.get("model_id");
  auto body = store.detail(id);
  if (!body) return not_found(id);
  return json_response(200, json::serialize(*body));
}

http::response delete_model(model_store& store, const path_params& params) {
  const auto id = params.get("model_id");
  if (!store.remove(id)) return not_found(id);
  json::object answer;
  answer["model_id"] = id;
  return json_response(200, json::serialize(answer));
}

/// Wraps a handler with authentication and the project check.
template <class F>
handler guarded(emulator_state& state, F answer) {
  return require_apig_auth(state, [&state, answer](const http::request& req, const path_params& params) {
    if (auto refused = check_project(state, params)) return std::move(*refused);
    return answer(req, params);
  });
}

} // namespace

void add_model_routes(router& routes, emulator_state& state) {
  auto store = std::make_shared<model_store>(state);
  state.models = store;
  const auto* collection = "/v1/{project_id}/models";
  const auto* one = "/v1/{project_id}/models/{model_id}";
  routes.add("POST", collection,
             guarded(state, [store](const http::request& req, const path_params&) { return create_model(*store, req); }));
  routes.add("GET", collection,
             guarded(state, [store](const http::request& req, const path_params&) { return list_models(*store, req); }));
  routes.add("GET", one,
             guarded(state, [store](const http::request&, const path_params& p) { return get_model(*store, p); }));
  routes.add("DELETE", one,
             guarded(state, [store](const http::request&, const path_params& p) { return delete_model(*store, p); }));
  add_authorization_routes(routes, state);
}

} // namespace modelarts::emulator
