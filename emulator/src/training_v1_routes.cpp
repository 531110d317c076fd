// ModelArts legacy v1 training. The seeds give NO URIs for these operations
// (only Python SDK calls, inventory §6); the paths below are the inventory's
// inferred v1 shapes, shared with the client (docs/training-v1.md):
//   POST   /v1/{project_id}/training-jobs                          create job (+ version V0001)
//   GET    /v1/{project_id}/training-jobs                          list: status, per_page (1–1000),
//          page (from 1), sortBy, order (asc|desc), search_content (name substring)
//   PUT    /v1/{project_id}/training-jobs/{job_id}                 {"job_desc"}
//   DELETE /v1/{project_id}/training-jobs/{job_id}
//   POST   /v1/{project_id}/training-jobs/{job_id}/versions        {"job_desc", "config": {…, "pre_version_id"}}
//   GET    /v1/{project_id}/training-jobs/{job_id}/versions        newest first
//   GET    /v1/{project_id}/training-jobs/{job_id}/versions/{version_id}
//   DELETE /v1/{project_id}/training-jobs/{job_id}/versions/{version_id}
//   POST   /v1/{project_id}/training-jobs/{job_id}/versions/{version_id}/stop
//   POST/GET /v1/{project_id}/training-job-configs, GET/PUT/DELETE …/{config_name}
//   POST/GET /v1/{project_id}/visualization-jobs (per_page 1–100), GET/PUT/DELETE …/{job_id},
//   POST   …/visualization-jobs/{job_id}/stop, …/restart
//   GET    /v1/{project_id}/built-in-algorithms
// Answers carry "is_success": true; errors are
// {"is_success": false, "error_code", "error_msg"} with the emulator's codes:
//   ModelArts.2701 400  a missing or invalid field or query parameter (the message names it)
//   ModelArts.2702 400  a job, config or visualization job with this name exists
//   ModelArts.2703 404  no such job, version, config or visualization job
//   ModelArts.2704 400  the state forbids the operation (stop a finished version…)
// Lifecycles: training_v1_store.hpp.
#include "cloud_errors.hpp"
#include "request_auth.hpp"
#include "routes.hpp"
#include "training_v1_request_check.hpp"
#include "training_v1_store.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace modelarts::emulator {

namespace {

namespace json = boost::json;

http::response v1_error(unsigned status, std::string_view code, std::string_view message) {
  json::object body{{"is_success", false}, {"error_code", code}, {"error_msg", message}};
  return json_response(status, json::serialize(body));
}

http::response invalid(std::string_view message) { return v1_error(400, "ModelArts.2701", message); }

http::response answer(const v1_outcome& o) {
  if (o.status >= 300) return v1_error(o.status, o.error_code, o.error_msg);
  return json_response(o.status, json::serialize(o.body));
}

std::optional<std::int64_t> id_of(const path_params& params, std::string_view name) {
  const auto text = params.get(name);
  std::int64_t id = 0;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, id);
  if (r.ec != std::errc() || r.ptr != end || id <= 0) return std::nullopt;
  return id;
}

std::optional<json::object> body_of(const http::request& req) {
  json::error_code ec;
  auto parsed = json::parse(req.body, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  return std::move(parsed.as_object());
}

/// Wraps a handler with authentication and the project check.
void add(router& routes, emulator_state& state, std::string method, std::string_view pattern,
         std::function<http::response(const http::request&, const path_params&)> inner) {
  routes.add(std::move(method), pattern,
             require_apig_auth(state, [&state, inner = std::move(inner)](const http::request& req,
                                                                         const path_params& params) {
               if (params.get("project_id") != state.settings().project_id)
                 return v1_error(404, "ModelArts.0104", "The project does not exist or is not accessible.");
               return inner(req, params);
             }));
}

/// A handler of a path with one id parameter `name`; 404 for an id that is not a positive integer.
template <class F>
auto with_id(std::string_view name, F f) {
  return [name, f = std::move(f)](const http::request& req, const path_params& params) {
    const auto id = id_of(params, name);
    if (!id) return v1_error(404, "ModelArts.2703", std::string(name) + " must be a positive integer id.");
    return f(req, params, *id);
  };
}

template <class Check, class Act>
http::response checked_body(const http::request& req, Check check, Act act) {
  auto body = body_of(req);
  if (!body) return invalid("The request body is not a JSON object.");
  if (auto problem = check(*body)) return invalid(*problem);
  return answer(act(*body));
}

} // namespace

void add_training_v1_routes(router& routes, emulator_state& state) {
  state.training_v1 = std::make_shared<training_v1_store>(state);
  auto& store = *state.training_v1;
  const std::string jobs = "/v1/{project_id}/training-jobs";
  const std::string job = jobs + "/{job_id}";
  const std::string versions = job + "/versions";
  const std::string version = versions + "/{version_id}";
  const std::string configs = "/v1/{project_id}/training-job-configs";
  const std::string config = configs + "/{config_name}";
  const std::string visualizations = "/v1/{project_id}/visualization-jobs";
  const std::string visualization = visualizations + "/{job_id}";

  // ---- jobs and versions ----
  add(routes, state, "POST", jobs, [&store](const http::request& req, const path_params&) {
    return checked_body(req, job_create_problem, [&](const json::object& b) { return store.create_job(b); });
  });
  add(routes, state, "GET", jobs, [&store](const http::request& req, const path_params&) {
    v1_list_query q;
    if (auto problem = read_list_query(req, 1000, q)) return invalid(*problem);
    return answer(store.list_jobs(q));
  });
  add(routes, state, "PUT", job, with_id("job_id", [&store](const http::request& req, const path_params&, auto id) {
        return checked_body(req, description_problem, [&](const json::object& b) {
          return store.update_job(id, std::string(b.at("job_desc").as_string()));
        });
      }));
  add(routes, state, "DELETE", job,
      with_id("job_id", [&store](const http::request&, const path_params&, auto id) {
        return answer(store.delete_job(id));
      }));
  add(routes, state, "POST", versions,
      with_id("job_id", [&store](const http::request& req, const path_params&, auto id) {
        return checked_body(req, version_create_problem,
                            [&](const json::object& b) { return store.create_version(id, b); });
      }));
  add(routes, state, "GET", versions,
      with_id("job_id", [&store](const http::request&, const path_params&, auto id) {
        return answer(store.list_versions(id));
      }));
  add(routes, state, "GET", version,
      with_id("job_id", [&store](const http::request&, const path_params& params, auto id) {
        const auto vid = id_of(params, "version_id");
        if (!vid) return v1_error(404, "ModelArts.2703", "version_id must be a positive integer id.");
        return answer(store.get_version(id, *vid));
      }));
  add(routes, state, "DELETE", version,
      with_id("job_id", [&store](const http::request&, const path_params& params, auto id) {
        const auto vid = id_of(params, "version_id");
        if (!vid) return v1_error(404, "ModelArts.2703", "version_id must be a positive integer id.");
        return answer(store.delete_version(id, *vid));
      }));
  add(routes, state, "POST", version + "/stop",
      with_id("job_id", [&store](const http::request&, const path_params& params, auto id) {
        const auto vid = id_of(params, "version_id");
        if (!vid) return v1_error(404, "ModelArts.2703", "version_id must be a positive integer id.");
        return answer(store.stop_version(id, *vid));
      }));

  // ---- job configs ----
  add(routes, state, "POST", configs, [&store](const http::request& req, const path_params&) {
    return checked_body(req, [](const json::object& b) { return job_config_problem(b, true); },
                        [&](const json::object& b) { return store.create_config(b); });
  });
  add(routes, state, "GET", configs, [&store](const http::request& req, const path_params&) {
    v1_list_query q;
    if (auto problem = read_list_query(req, 1000, q)) return invalid(*problem);
    return answer(store.list_configs(q));
  });
  add(routes, state, "GET", config, [&store](const http::request&, const path_params& params) {
    return answer(store.get_config(params.get("config_name")));
  });
  add(routes, state, "PUT", config, [&store](const http::request& req, const path_params& params) {
    return checked_body(req, [](const json::object& b) { return job_config_problem(b, false); },
                        [&](const json::object& b) { return store.update_config(params.get("config_name"), b); });
  });
  add(routes, state, "DELETE", config, [&store](const http::request&, const path_params& params) {
    return answer(store.delete_config(params.get("config_name")));
  });

  // ---- visualization jobs ----
  add(routes, state, "POST", visualizations, [&store](const http::request& req, const path_params&) {
    return checked_body(req, visualization_create_problem,
                        [&](const json::object& b) { return store.create_visualization(b); });
  });
  add(routes, state, "GET", visualizations, [&store](const http::request& req, const path_params&) {
    v1_list_query q;
    if (auto problem = read_list_query(req, 100, q)) return invalid(*problem);
    return answer(store.list_visualizations(q));
  });
  add(routes, state, "GET", visualization,
      with_id("job_id", [&store](const http::request&, const path_params&, auto id) {
        return answer(store.get_visualization(id));
      }));
  add(routes, state, "PUT", visualization,
      with_id("job_id", [&store](const http::request& req, const path_params&, auto id) {
        return checked_body(req, description_problem, [&](const json::object& b) {
          return store.update_visualization(id, std::string(b.at("job_desc").as_string()));
        });
      }));
  add(routes, state, "DELETE", visualization,
      with_id("job_id", [&store](const http::request&, const path_params&, auto id) {
        return answer(store.delete_visualization(id));
      }));
  add(routes, state, "POST", visualization + "/stop",
      with_id("job_id", [&store](const http::request&, const path_params&, auto id) {
        return answer(store.stop_visualization(id));
      }));
  add(routes, state, "POST", visualization + "/restart",
      with_id("job_id", [&store](const http::request&, const path_params&, auto id) {
        return answer(store.restart_visualization(id));
      }));

  // ---- built-in algorithms ----
  add(routes, state, "GET", "/v1/{project_id}/built-in-algorithms",
      [](const http::request&, const path_params&) { return answer(training_v1_store::list_algorithms()); });
}

} // namespace modelarts::emulator
