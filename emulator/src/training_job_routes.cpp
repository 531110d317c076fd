// ModelArts training v2 jobs: create, get, search, update, delete, terminate,
// the tasks' log link and preview, and metrics, over a training_store.
#include "routes.hpp"

#include "cloud_errors.hpp"
#include "request_auth.hpp"
#include "training_job_http.hpp"
#include "training_store.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace modelarts::emulator {
namespace {

namespace json = boost::json;

constexpr std::size_t preview_limit = 5 * 1024 * 1024;

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

const json::object& object_of(const json::object& o, std::string_view key) {
  static const json::object empty;
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? v->get_object() : empty;
}

long long number_of(std::string_view s, long long fallback) {
  long long out = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size() ? out : fallback;
}

/// The simulation knobs a job's environment variables set.
job_script script_of(const json::object& algorithm, std::chrono::milliseconds default_phase) {
  job_script s;
  s.phase = default_phase;
  const auto& env = object_of(algorithm, "environments");
  if (auto v = text_of(env, "EMULATOR_OUTCOME"); !v.empty()) s.outcome = v;
  if (auto v = text_of(env, "EMULATOR_PHASE_MS"); !v.empty())
    s.phase = std::chrono::milliseconds(std::max(1LL, number_of(v, default_phase.count())));
  s.unknown_blip = text_of(env, "EMULATOR_UNKNOWN_BLIP") == "1";
  if (auto v = text_of(env, "EMULATOR_LOG_LINES"); !v.empty()) s.log_lines = static_cast<int>(number_of(v, 10));
  if (auto v = text_of(env, "EMULATOR_LOG_LINE_BYTES"); !v.empty())
    s.log_line_bytes = static_cast<std::size_t>(std::max(0LL, number_of(v, 0)));
  return s;
}

http::response create_job(emulator_state& state, training_store& store, const http::request& req) {
  auto body = json_body(req);
  if (!body) return training_error(400, "ModelArts.2601", "The request body is not a JSON object.");
  const auto& metadata = object_of(*body, "metadata");
  if (text_of(metadata, "name").empty())
    return training_error(400, "ModelArts.2601", "metadata.name is required.");

  new_job job;
  const auto& algorithm = object_of(*body, "algorithm");
  const auto algorithm_id = text_of(algorithm, "id");
  const bool by_code = !text_of(algorithm, "code_dir").empty() && !text_of(algorithm, "boot_file").empty();
  const bool by_image = !text_of(object_of(algorithm, "engine"), "image_url").empty() &&
                        !text_of(algorithm, "command").empty();
  if (!algorithm_id.empty()) {
    auto stored = store.algorithm(algorithm_id);
    if (!stored) return training_error(404, "ModelArts.2607", "Algorithm " + algorithm_id + " does not exist.");
    job.algorithm = std::move(*stored);
  } else if (by_code) {
    if (!find_engine(object_of(algorithm, "engine")))
      return training_error(400, "ModelArts.2610", "The engine is not one of training-job-engines.",
                            "Use engine_id, or engine_name with engine_version, from GET training-job-engines.");
  } else if (!by_image) {
    return training_error(400, "ModelArts.2603", "The job names no algorithm.",
                          "Give algorithm.id, algorithm.code_dir with boot_file and engine, or an image with a command.");
  }

  const auto& resource = object_of(object_of(*body, "spec"), "resource");
  const auto flavor_id = text_of(resource, "flavor_id");
  const auto* count = resource.if_contains("node_count");
  const long long node_count = count == nullptr ? 1 : (count->is_int64() ? count->get_int64() : -1);
  if (node_count < 1) return training_error(400, "ModelArts.2605", "spec.resource.node_count must be an integer >= 1.");
  if (text_of(resource, "pool_id").empty()) {
    // In a dedicated pool the flavor is the pool's; elsewhere it must be a public one.
    auto flavor = find_flavor(flavor_id);
    if (!flavor)
      return training_error(400, "ModelArts.2604", "Flavor '" + flavor_id + "' does not exist.",
                            "Use a flavor_id from GET training-job-flavors.");
    const auto max_num = object_of(*flavor, "flavor_info").at("max_num").to_number<long long>();
    if (node_count > max_num)
      return training_error(400, "ModelArts.2605",
                            "node_count " + std::to_string(node_count) + " exceeds max_num " +
                                std::to_string(max_num) + " of flavor " + flavor_id + ".");
    job.flavor = std::move(*flavor);
  } else if (flavor_id.empty()) {
    return training_error(400, "ModelArts.2604", "spec.resource.flavor_id is required.");
  }

  job.script = script_of(algorithm, state.settings().phase_duration);
  job.request = std::move(*body);
  return json_response(201, json::serialize(store.add_job(std::move(job))));
}

http::response search_jobs(training_store& store, const http::request& req) {
  auto body = json_body(req);
  if (!body) body.emplace(); // an empty search lists everything
  job_search q;
  const auto offset = body->contains("offset") ? body->at("offset").to_number<long long>() : 0;
  const auto limit = body->contains("limit") ? body->at("limit").to_number<long long>() : 50;
  if (offset < 0 || limit < 1 || limit > 50)
    return training_error(400, "ModelArts.2608", "offset must be >= 0 and limit between 1 and 50.");
  q.offset = static_cast<std::size_t>(offset);
  q.limit = static_cast<std::size_t>(limit);
  if (auto s = text_of(*body, "sort_by"); !s.empty()) q.sort_by = s;
  q.ascending = text_of(*body, "order") == "asc";
  if (const auto* f = body->if_contains("filters"); f != nullptr && f->is_array()) q.filters = f->get_array();
  return json_response(200, json::serialize(store.search(q)));
}

http::response job_not_found(std::string_view id) {
  return training_error(404, "ModelArts.2602", "Training job " + std::string(id) + " does not exist.");
}

http::response terminate_job(training_store& store, const http::request& req, std::string_view id) {
  auto body = json_body(req);
  if (!body || text_of(*body, "action_type") != "terminate")
    return training_error(400, "ModelArts.2601", "action_type must be 'terminate'.");
  json::object job;
  std::string phase;
  switch (store.terminate(id, job, phase)) {
  case terminate_outcome::not_found:
    return job_not_found(id);
  case terminate_outcome::not_allowed:
    return training_error(400, "ModelArts.2606",
                          "Training job " + std::string(id) + " is " + phase + " and cannot be terminated.",
                          "Only Creating, Pending or Running jobs can be terminated.");
  case terminate_outcome::terminated:
    break;
  }
  return json_response(200, json::serialize(job));
}

/// A presigned-looking link to the log object; Content-Type text/plain asks
/// for a preview link, application/octet-stream for a download link.
http::response log_url(const emulator_state& state, const http::request& req, std::string_view id,
                       std::string_view task) {
  const auto type = req.headers.get("Content-Type").value_or("text/plain");
  const bool download = type.find("octet-stream") != std::string_view::npos;
  const auto& region = state.settings().region;
  const auto expires = std::chrono::duration_cast<std::chrono::seconds>(
                           (state.now() + std::chrono::hours(1)).time_since_epoch()).count();
  std::string url = "https://modelarts-training-log-" + region + ".obs." + region + ".myhuaweicloud.com:443/" +
                    std::string(id) + "/" + std::string(task) + "/modelarts-job-" + std::string(id) + "-" +
                    std::string(task) + ".log?AWSAccessKeyId=EMULATORLOGKEY&Expires=" + std::to_string(expires) +
                    "&Signature=emulator";
  url += download ? "&response-content-disposition=attachment" : "&response-content-type=text%2Fplain";
  return json_response(200, json::serialize(json::object{{"obs_url", url}}));
}

http::response log_preview(const std::string& log) {
  const auto keep = std::min(log.size(), preview_limit);
  json::object body{{"content", log.substr(log.size() - keep)},
                    {"current_size", keep},
                    {"full_size", log.size()}};
  return json_response(200, json::serialize(body));
}

http::response task_not_found(std::string_view id, std::string_view task) {
  return training_error(404, "ModelArts.2609",
                        "Training job " + std::string(id) + " has no task " + std::string(task) + ".");
}

using job_handler = std::function<http::response(const http::request&, const path_params&)>;

} // namespace

void add_training_job_routes(router& routes, emulator_state& state) {
  auto store = std::make_shared<training_store>(state);
  state.training = store;
  training_store& s = *store;

  // Every route: authenticated, in the emulator's project.
  const auto add = [&](const char* method, std::string_view pattern, job_handler inner) {
    routes.add(method, pattern,
               require_apig_auth(state, [&state, inner = std::move(inner)](const http::request& req,
                                                                           const path_params& params) {
                 if (auto refused = refuse_other_project(state, params)) return std::move(*refused);
                 return inner(req, params);
               }));
  };

  add("POST", "/v2/{project_id}/training-jobs",
      [&state, &s](const http::request& req, const path_params&) { return create_job(state, s, req); });
  add("POST", "/v2/{project_id}/training-job-searches",
      [&s](const http::request& req, const path_params&) { return search_jobs(s, req); });
  add("GET", "/v2/{project_id}/training-jobs/{training_job_id}", [&s](const http::request&, const path_params& p) {
    const auto id = p.get("training_job_id");
    auto job = s.job(id);
    return job ? json_response(200, json::serialize(*job)) : job_not_found(id);
  });
  add("PUT", "/v2/{project_id}/training-jobs/{training_job_id}", [&s](const http::request& req, const path_params& p) {
    const auto id = p.get("training_job_id");
    auto body = json_body(req);
    if (!body || !body->contains("description") || !body->at("description").is_string())
      return training_error(400, "ModelArts.2601", "The body must be {\"description\": \"...\"}.");
    if (!s.update_description(id, std::string(body->at("description").get_string()))) return job_not_found(id);
    return json_response(200, "{}");
  });
  add("DELETE", "/v2/{project_id}/training-jobs/{training_job_id}", [&s](const http::request&, const path_params& p) {
    const auto id = p.get("training_job_id");
    if (!s.remove_job(id)) return job_not_found(id);
    http::response res;
    res.status = 202;
    return res;
  });
  add("POST", "/v2/{project_id}/training-jobs/{training_job_id}/actions",
      [&s](const http::request& req, const path_params& p) { return terminate_job(s, req, p.get("training_job_id")); });
  add("GET", "/v2/{project_id}/training-jobs/{training_job_id}/tasks/{task_id}/logs/url",
      [&state, &s](const http::request& req, const path_params& p) {
        const auto id = p.get("training_job_id");
        const auto task = p.get("task_id");
        if (!s.job(id)) return job_not_found(id);
        if (!s.log_text(id, task)) return task_not_found(id, task);
        return log_url(state, req, id, task);
      });
  add("GET", "/v2/{project_id}/training-jobs/{training_job_id}/tasks/{task_id}/logs/preview",
      [&s](const http::request&, const path_params& p) {
        const auto id = p.get("training_job_id");
        const auto task = p.get("task_id");
        if (!s.job(id)) return job_not_found(id);
        auto log = s.log_text(id, task);
        return log ? log_preview(*log) : task_not_found(id, task);
      });
  add("GET", "/v2/{project_id}/training-jobs/{training_job_id}/metrics/{task_id}",
      [&s](const http::request&, const path_params& p) {
        const auto id = p.get("training_job_id");
        const auto task = p.get("task_id");
        if (!s.job(id)) return job_not_found(id);
        auto metrics = s.metrics(id, task);
        return metrics ? json_response(200, json::serialize(*metrics)) : task_not_found(id, task);
      });

  add_training_algorithm_routes(routes, state);
}

} // namespace modelarts::emulator
