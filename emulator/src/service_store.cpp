#include "service_store.hpp"

#include "cloud_errors.hpp"
#include "service_request_check.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <random>

namespace modelarts::emulator {
namespace {

namespace json = boost::json;

std::int64_t epoch_ms(clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string new_service_id() {
  static constexpr char digits[] = "0123456789abcdef";
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::string id;
  for (int group : {8, 4, 4, 4, 12}) {
    if (!id.empty()) id += '-';
    for (int i = 0; i < group; ++i) id += digits[generator() & 0xFU];
  }
  return id;
}

const json::object* first_config(const json::object& request) {
  const auto* c = request.if_contains("config");
  if (c == nullptr || !c->is_array() || c->get_array().empty() || !c->get_array()[0].is_object()) return nullptr;
  return &c->get_array()[0].get_object();
}

std::string env_of(const json::object& request, std::string_view name) {
  const auto* c = first_config(request);
  if (c == nullptr) return {};
  const auto* envs = c->if_contains("envs");
  if (envs == nullptr || !envs->is_object()) return {};
  return text_field(envs->get_object(), name);
}

std::optional<clock::duration> schedule_stop(const json::object& request) {
  const auto* s = request.if_contains("schedule");
  if (s == nullptr || !s->is_array()) return std::nullopt;
  for (const auto& item : s->get_array()) {
    const auto& o = item.get_object();
    const auto duration = loose_integer(o.if_contains("duration")).value_or(0);
    const auto unit = text_field(o, "time_unit");
    const std::chrono::minutes minutes(unit == "DAYS" ? duration * 24 * 60 : unit == "HOURS" ? duration * 60 : duration);
    return minutes;
  }
  return std::nullopt;
}

http::response bad_request(std::string_view message) { return apig_error(400, "ModelArts.3501", message); }
http::response state_conflict(std::string_view message) { return apig_error(400, "ModelArts.3503", message); }
http::response service_missing(std::string_view id) {
  return apig_error(404, "ModelArts.3502", "Service " + std::string(id) + " does not exist.");
}

} // namespace

std::string service_store::add(json::object request, std::string access_base) {
  stored_service s;
  s.id = new_service_id();
  if (!request.contains("infer_type")) request["infer_type"] = "real-time";
  if (!request.contains("service_name")) request["service_name"] = "service-" + s.id.substr(0, 8);
  if (!request.contains("description")) request["description"] = "";
  s.access_base = std::move(access_base);
  const auto now = state_.now();
  s.publish_at_ms = epoch_ms(now);
  s.deploy_started = now;
  s.deploy_length = state_.settings().phase_duration;
  if (const auto ms = env_of(request, "EMULATOR_DEPLOY_MS"); !ms.empty()) {
    const json::value v(ms);
    s.deploy_length = std::chrono::milliseconds(loose_integer(&v).value_or(s.deploy_length.count()));
  }
  if (const auto outcome = env_of(request, "EMULATOR_OUTCOME"); outcome == "failed" || outcome == "concerning")
    s.outcome = outcome;
  s.stop_after = schedule_stop(request);
  s.updates.push_back({s.publish_at_ms, request.at("config").as_array()});
  s.request = std::move(request);
  std::lock_guard lock(mutex_);
  s.sequence = next_sequence_++;
  services_.push_back(std::move(s));
  return services_.back().id;
}

service_store::stored_service* service_store::find(std::string_view id) {
  const auto it = std::find_if(services_.begin(), services_.end(), [id](const auto& s) { return s.id == id; });
  return it == services_.end() ? nullptr : &*it;
}

const service_store::stored_service* service_store::find(std::string_view id) const {
  const auto it = std::find_if(services_.begin(), services_.end(), [id](const auto& s) { return s.id == id; });
  return it == services_.end() ? nullptr : &*it;
}

service_store::observed service_store::observe(const stored_service& s) const {
  if (s.stopped) return {"stopped", 0};
  const auto elapsed = state_.now() - s.deploy_started;
  if (elapsed < s.deploy_length) {
    const auto done = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
    return {"deploying", static_cast<int>(std::clamp<long long>(done * 100 / std::max<long long>(1, s.deploy_length.count()), 0, 99))};
  }
  if (s.outcome != "running") return {s.outcome, 0};
  if (text_field(s.request, "infer_type") == "batch")
    return {elapsed < 2 * s.deploy_length ? "running" : "finished", 0};
  if (s.stop_after && elapsed >= s.deploy_length + *s.stop_after) return {"stopped", 0};
  return {"running", 0};
}

json::object service_store::render(const stored_service& s, bool summary) const {
  const auto seen = observe(s);
  const auto infer_type = text_field(s.request, "infer_type");
  json::object body;
  if (!summary) body = s.request;
  body["service_id"] = s.id;
  body["service_name"] = s.request.at("service_name");
  body["description"] = s.request.at("description");
  body["infer_type"] = infer_type;
  body["tenant"] = state_.settings().project_id;
  body["project"] = state_.settings().project_id;
  body["owner"] = state_.settings().project_id;
  body["publish_at"] = s.publish_at_ms;
  body["status"] = seen.status;
  if (seen.status == "deploying") body["progress"] = seen.progress;
  body["invocation_times"] = s.invocations;
  body["failed_times"] = 0;
  body["is_shared"] = false;
  body["shared_count"] = 0;
  if (summary) return body;
  if (seen.status == "failed")
    body["error_msg"] = "Deployment failed: the emulator was asked to fail this service (EMULATOR_OUTCOME=failed).";
  if (infer_type != "batch") body["access_addresses"] = s.access_base + "/v1/infers/" + s.id;
  // Each model's readiness follows the service's.
  const char* model_status = seen.status == "running" ? "ready" : seen.status == "concerning" ? "concerning" : "notReady";
  for (auto& c : body["config"].as_array()) {
    auto& o = c.as_object();
    if (infer_type != "batch") {
      o["status"] = model_status;
      o["scaling"] = false;
    }
  }
  return body;
}

std::optional<json::object> service_store::detail(std::string_view id) const {
  std::lock_guard lock(mutex_);
  const auto* s = find(id);
  if (s == nullptr) return std::nullopt;
  return render(*s, false);
}

std::optional<std::string> service_store::infer_type(std::string_view id) const {
  std::lock_guard lock(mutex_);
  const auto* s = find(id);
  if (s == nullptr) return std::nullopt;
  return text_field(s->request, "infer_type");
}

json::object service_store::list(const service_query& q) const {
  std::lock_guard lock(mutex_);
  std::vector<const stored_service*> matching;
  for (const auto& s : services_) {
    if (!q.service_id.empty() && s.id != q.service_id) continue;
    if (!q.name_contains.empty() && text_field(s.request, "service_name").find(q.name_contains) == std::string::npos)
      continue;
    if (!q.infer_type.empty() && text_field(s.request, "infer_type") != q.infer_type) continue;
    if (!q.status.empty() && observe(s).status != q.status) continue;
    if (!q.model_id.empty()) {
      const auto& configs = s.request.at("config").as_array();
      const bool uses = std::any_of(configs.begin(), configs.end(), [&q](const json::value& c) {
        return c.is_object() && text_field(c.get_object(), "model_id") == q.model_id;
      });
      if (!uses) continue;
    }
    matching.push_back(&s);
  }
  std::sort(matching.begin(), matching.end(), [&q](const stored_service* a, const stored_service* b) {
    if (q.sort_by == "service_name") {
      const auto na = text_field(a->request, "service_name");
      const auto nb = text_field(b->request, "service_name");
      if (na != nb) return q.ascending ? na < nb : na > nb;
    } else if (a->publish_at_ms != b->publish_at_ms) {
      return q.ascending ? a->publish_at_ms < b->publish_at_ms : a->publish_at_ms > b->publish_at_ms;
    }
    return q.ascending ? a->sequence < b->sequence : a->sequence > b->sequence;
  });
  json::array page;
  const auto first = std::min(matching.size(), q.page * q.limit);
  const auto last = std::min(matching.size(), first + q.limit);
  for (auto i = first; i < last; ++i) page.push_back(render(*matching[i], true));
  json::object body;
  body["total_count"] = matching.size();
  body["count"] = page.size();
  body["services"] = std::move(page);
  return body;
}

void service_store::redeploy(stored_service& s) {
  s.stopped = false;
  s.deploy_started = state_.now();
}

http::response service_store::update(std::string_view id, const json::object& body) {
  std::lock_guard lock(mutex_);
  auto* s = find(id);
  if (s == nullptr) return service_missing(id);
  const auto status = observe(*s).status;
  const auto* wanted = body.if_contains("status");
  const auto* config = body.if_contains("config");
  if (wanted != nullptr) {
    // The cloud applies only the status when both are given (S1, update_service_config).
    if (wanted->get_string() == "running") {
      if (status == "deploying" || status == "concerning" || status == "finished")
        return state_conflict("Service " + s->id + " is " + status + "; it cannot be started now.");
      if (status != "running") redeploy(*s);
    } else {
      if (status == "finished") return state_conflict("Service " + s->id + " has finished; it cannot be stopped.");
      s->stopped = true;
    }
  } else if (config != nullptr) {
    if (status == "deploying")
      return state_conflict("Service " + s->id + " is deploying; its configuration cannot be changed now.");
  }
  if (const auto* d = body.if_contains("description")) s->request["description"] = *d;
  json::object answer;
  if (wanted == nullptr && config != nullptr) {
    s->request["config"] = *config;
    redeploy(*s);
    const auto ms = epoch_ms(state_.now());
    s->updates.push_back({ms, config->as_array()});
    answer["update_time"] = std::to_string(ms);
    answer["resource_ids"] = s->id;
  }
  return json_response(200, json::serialize(answer));
}

http::response service_store::update_property(std::string_view id, const json::object& body) {
  std::lock_guard lock(mutex_);
  auto* s = find(id);
  if (s == nullptr) return service_missing(id);
  if (text_field(body, "changed_property") != "instance_count")
    return bad_request("changed_property: only instance_count is supported.");
  const auto* changes = body.if_contains("configs");
  if (changes == nullptr || !changes->is_array() || changes->get_array().empty())
    return bad_request("configs is mandatory: at least one model_id and changed_value.");
  const auto status = observe(*s).status;
  if (status == "deploying") return state_conflict("Service " + s->id + " is deploying; it cannot be scaled now.");
  auto configs = s->request.at("config").as_array();
  for (const auto& change : changes->get_array()) {
    if (!change.is_object()) return bad_request("configs items must be objects.");
    const auto& c = change.get_object();
    const auto model = text_field(c, "model_id");
    const auto value = loose_integer(c.if_contains("changed_value"));
    if (!value || *value < 1 || *value > 5) return bad_request("changed_value must be an integer from 1 to 5.");
    auto it = std::find_if(configs.begin(), configs.end(),
                           [&model](const json::value& v) { return text_field(v.as_object(), "model_id") == model; });
    if (it == configs.end()) return bad_request("Model " + model + " is not deployed in service " + s->id + ".");
    auto& target = it->as_object();
    if (loose_integer(target.if_contains("instance_count")) == *value)
      return bad_request("changed_value must differ from the current instance count.");
    target["instance_count"] = *value;
  }
  s->request["config"] = configs;
  const auto ms = epoch_ms(state_.now());
  s->updates.push_back({ms, std::move(configs)});
  json::object answer;
  answer["update_time"] = std::to_string(ms);
  answer["resource_ids"] = s->id;
  return json_response(200, json::serialize(answer));
}

std::optional<json::object> service_store::monitor(std::string_view id) const {
  std::lock_guard lock(mutex_);
  const auto* s = find(id);
  if (s == nullptr) return std::nullopt;
  json::array monitors;
  for (const auto& c : s->request.at("config").as_array()) {
    const auto& o = c.as_object();
    const auto instances = loose_integer(o.if_contains("instance_count")).value_or(1);
    const auto weight = loose_integer(o.if_contains("weight")).value_or(100);
    json::object m;
    m["model_id"] = text_field(o, "model_id");
    m["model_name"] = text_field(o, "model_name");
    m["model_version"] = text_field(o, "model_version");
    // Calls are split by weight; the figures per instance are the emulator's.
    m["invocation_times"] = s->invocations * weight / 100;
    m["failed_times"] = 0;
    m["cpu_core_usage"] = 0.25 * static_cast<double>(instances);
    m["cpu_core_total"] = 2.0 * static_cast<double>(instances);
    m["cpu_memory_usage"] = 512 * instances;
    m["cpu_memory_total"] = 8192 * instances;
    m["gpu_usage"] = 0.0;
    m["gpu_total"] = 0.0;
    monitors.push_back(std::move(m));
  }
  json::object body;
  body["service_id"] = s->id;
  body["service_name"] = s->request.at("service_name");
  body["monitors"] = std::move(monitors);
  return body;
}

std::optional<json::object> service_store::logs(std::string_view id) const {
  std::lock_guard lock(mutex_);
  const auto* s = find(id);
  if (s == nullptr) return std::nullopt;
  const auto status = observe(*s).status;
  json::array logs;
  for (std::size_t i = 0; i < s->updates.size(); ++i) {
    const bool latest = i + 1 == s->updates.size();
    json::object entry;
    entry["update_time"] = s->updates[i].time_ms;
    entry["result"] = !latest ? "SUCCESS" : status == "deploying" ? "RUNNING" : status == "failed" ? "FAIL" : "SUCCESS";
    entry["config"] = s->updates[i].config;
    logs.push_back(std::move(entry));
  }
  json::object body;
  body["service_id"] = s->id;
  body["service_name"] = s->request.at("service_name");
  body["logs"] = std::move(logs);
  return body;
}

bool service_store::remove(std::string_view id) {
  std::lock_guard lock(mutex_);
  const auto it = std::find_if(services_.begin(), services_.end(), [id](const auto& s) { return s.id == id; });
  if (it == services_.end()) return false;
  services_.erase(it);
  return true;
}

std::optional<http::response> service_store::admit_prediction(std::string_view id) {
  std::lock_guard lock(mutex_);
  auto* s = find(id);
  if (s == nullptr) return service_missing(id);
  if (text_field(s->request, "infer_type") == "batch")
    return apig_error(404, "ModelArts.3502", "Batch service " + s->id + " has no inference endpoint.");
  const auto status = observe(*s).status;
  if (status != "running" && status != "concerning")
    return apig_error(503, "ModelArts.3505", "Service " + s->id + " is " + status + "; it takes no predictions.");
  ++s->invocations;
  return std::nullopt;
}

} // namespace modelarts::emulator
