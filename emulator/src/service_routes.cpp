// ModelArts services (S1 §8; URIs inferred, API-INVENTORY §14.4):
//   POST   /v1/{project_id}/services                         deploy (real-time or batch)
//   GET    /v1/{project_id}/services                         list (filters, sort, page)
//   GET    /v1/{project_id}/services/{service_id}            detail
//   PUT    /v1/{project_id}/services/{service_id}            description, status, config
//   DELETE /v1/{project_id}/services/{service_id}
//   PUT    /v1/{project_id}/services/{service_id}/property   instance_count (S3)
//   GET    /v1/{project_id}/services/{service_id}/monitor
//   GET    /v1/{project_id}/services/{service_id}/logs
// plus the toy inference endpoint (inference_routes.cpp). Error codes (the
// emulator's choices): 400 ModelArts.3501 invalid request, 404 ModelArts.3502
// no such service, 400 ModelArts.3503 the service's state forbids it, 400
// ModelArts.3504 a model that does not exist or is not published, 503
// ModelArts.3505 predictions for a service that is not running.
#include "routes.hpp"

#include "cloud_errors.hpp"
#include "inference_routes.hpp"
#include "model_store.hpp"
#include "request_auth.hpp"
#include "service_request_check.hpp"
#include "service_store.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace modelarts::emulator {
namespace {

namespace json = boost::json;

std::optional<http::response> check_project(const emulator_state& state, const path_params& params) {
  if (params.get("project_id") == state.settings().project_id) return std::nullopt;
  return apig_error(404, "ModelArts.0104", "The project does not exist or is not accessible.");
}

http::response invalid(std::string_view message) { return apig_error(400, "ModelArts.3501", message); }
http::response missing(std::string_view id) {
  return apig_error(404, "ModelArts.3502", "Service " + std::string(id) + " does not exist.");
}

std::optional<json::object> parse_body(const http::request& req) {
  boost::system::error_code ec;
  auto v = json::parse(req.body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::string_view query_value(const http::request& req, std::string_view key) {
  for (const auto& p : req.query)
    if (p.key == key) return p.value;
  return {};
}

/// Checks that each config names a published model and fills in its name and
/// version, as the cloud reports them. Without a model store every id passes.
std::optional<http::response> resolve_models(const emulator_state& state, json::value& configs) {
  if (!state.models) return std::nullopt;
  for (auto& c : configs.as_array()) {
    auto& o = c.as_object();
    const auto id = text_field(o, "model_id");
    const auto model = state.models->find(id);
    if (!model) return apig_error(400, "ModelArts.3504", "Model " + id + " does not exist.");
    if (!model->published())
      return apig_error(400, "ModelArts.3504",
                        "Model " + id + " is " + model->status + "; only a published model can be deployed.");
    o["model_name"] = model->name;
    o["model_version"] = model->version;
  }
  return std::nullopt;
}

std::string access_base(const emulator_state& state, const http::request& req) {
  const auto host = req.headers.get("Host").value_or(state.settings().address);
  return std::string(state.settings().tls ? "https://" : "http://") + std::string(host);
}

http::response deploy(emulator_state& state, service_store& store, const http::request& req) {
  auto body = parse_body(req);
  if (!body) return invalid("The request body must be a JSON object.");
  if (auto problem = deploy_problem(*body)) return invalid(*problem);
  if (auto refused = resolve_models(state, (*body)["config"])) return std::move(*refused);
  const auto name = text_field(*body, "service_name");
  const auto id = store.add(std::move(*body), access_base(state, req));
  json::object answer;
  answer["service_id"] = id;
  answer["service_name"] = name;
  answer["resource_ids"] = id;
  return json_response(200, json::serialize(answer));
}

std::optional<std::size_t> number_param(const http::request& req, std::string_view key, std::size_t fallback) {
  const auto text = query_value(req, key);
  if (text.empty()) return fallback;
  std::size_t out = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return out;
}

http::response list(service_store& store, const http::request& req) {
  service_query q;
  q.service_id = query_value(req, "service_id");
  q.name_contains = query_value(req, "service_name");
  q.infer_type = query_value(req, "infer_type");
  q.status = query_value(req, "service_status");
  q.model_id = query_value(req, "model_id");
  if (const auto s = query_value(req, "sort_by"); !s.empty()) {
    if (s != "publish_at" && s != "service_name") return invalid("sort_by must be publish_at or service_name.");
    q.sort_by = s;
  }
  if (const auto o = query_value(req, "order"); !o.empty()) {
    if (o != "asc" && o != "desc") return invalid("order must be asc or desc.");
    q.ascending = o == "asc";
  }
  const auto page = number_param(req, "offset", 0);
  const auto limit = number_param(req, "limit", 1000);
  if (!page) return invalid("offset must be a page number from 0.");
  if (!limit || *limit < 1 || *limit > 1000) return invalid("limit must be from 1 to 1000.");
  q.page = *page;
  q.limit = *limit;
  return json_response(200, json::serialize(store.list(q)));
}

http::response update(emulator_state& state, service_store& store, const http::request& req, std::string_view id) {
  auto body = parse_body(req);
  if (!body) return invalid("The request body must be a JSON object.");
  const auto type = store.infer_type(id);
  if (!type) return missing(id);
  if (auto problem = update_problem(*body, *type)) return invalid(*problem);
  if (body->contains("config") && !body->contains("status"))
    if (auto refused = resolve_models(state, (*body)["config"])) return std::move(*refused);
  return store.update(id, *body);
}

template <class F>
handler guarded(emulator_state& state, F answer) {
  return require_apig_auth(state, [&state, answer](const http::request& req, const path_params& params) {
    if (auto refused = check_project(state, params)) return std::move(*refused);
    return answer(req, params);
  });
}

} // namespace

void add_service_routes(router& routes, emulator_state& state) {
  auto store = std::make_shared<service_store>(state);
  state.services = store;
  const auto* collection = "/v1/{project_id}/services";
  const auto* one = "/v1/{project_id}/services/{service_id}";
  routes.add("POST", collection, guarded(state, [&state, store](const http::request& req, const path_params&) {
               return deploy(state, *store, req);
             }));
  routes.add("GET", collection,
             guarded(state, [store](const http::request& req, const path_params&) { return list(*store, req); }));
  routes.add("GET", one, guarded(state, [store](const http::request&, const path_params& p) {
               const auto id = p.get("service_id");
               auto body = store->detail(id);
               return body ? json_response(200, json::serialize(*body)) : missing(id);
             }));
  routes.add("PUT", one, guarded(state, [&state, store](const http::request& req, const path_params& p) {
               return update(state, *store, req, p.get("service_id"));
             }));
  routes.add("DELETE", one, guarded(state, [store](const http::request&, const path_params& p) {
               const auto id = p.get("service_id");
               return store->remove(id) ? json_response(200, "{}") : missing(id);
             }));
  routes.add("PUT", std::string(one) + "/property",
             guarded(state, [store](const http::request& req, const path_params& p) {
               auto body = parse_body(req);
               if (!body) return invalid("The request body must be a JSON object.");
               return store->update_property(p.get("service_id"), *body);
             }));
  routes.add("GET", std::string(one) + "/monitor", guarded(state, [store](const http::request&, const path_params& p) {
               const auto id = p.get("service_id");
               auto body = store->monitor(id);
               return body ? json_response(200, json::serialize(*body)) : missing(id);
             }));
  routes.add("GET", std::string(one) + "/logs", guarded(state, [store](const http::request&, const path_params& p) {
               const auto id = p.get("service_id");
               auto body = store->logs(id);
               return body ? json_response(200, json::serialize(*body)) : missing(id);
             }));
  add_inference_routes(routes, state, store);
}

} // namespace modelarts::emulator
