#include "training_v1_store.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace modelarts::emulator {

namespace {

namespace json = boost::json;

// Legacy status codes the emulator goes through (S0 Table 9-96).
constexpr int status_init = 1;
constexpr int status_waiting = 7;
constexpr int status_running = 8;
constexpr int status_killing = 9;
constexpr int status_completed = 10;
constexpr int status_failed = 11;
constexpr int status_killed = 12;

constexpr std::int64_t job_count_limit = 1000;

v1_outcome ok(json::object body = {}) {
  body["is_success"] = true;
  return {200, {}, {}, std::move(body)};
}

v1_outcome error(unsigned status, std::string code, std::string msg) {
  return {status, std::move(code), std::move(msg), {}};
}

v1_outcome no_job(std::int64_t id) {
  return error(404, "ModelArts.2703", "Training job " + std::to_string(id) + " does not exist.");
}

std::int64_t epoch_ms(clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string version_name(int number) {
  char text[16];
  std::snprintf(text, sizeof text, "V%04d", number);
  return text;
}

bool less_field(const json::object& a, const json::object& b, const std::string& key) {
  const auto* x = a.if_contains(key);
  const auto* y = b.if_contains(key);
  if (x == nullptr || y == nullptr) return x == nullptr && y != nullptr;
  if (x->is_string() && y->is_string()) return x->get_string() < y->get_string();
  if (x->is_number() && y->is_number()) return x->to_number<double>() < y->to_number<double>();
  return false;
}

/// Filters by name substring and status, sorts, cuts the page; the rows go
/// under `array_key`, their count before paging under `total_key`.
json::object page_of(std::vector<json::object> rows, const v1_list_query& q, std::string_view name_key,
                     std::string_view array_key, std::string_view total_key) {
  std::erase_if(rows, [&](const json::object& r) {
    if (q.status && r.at("status").to_number<int>() != *q.status) return true;
    if (q.search_content.empty()) return false;
    return std::string_view(r.at(name_key).as_string()).find(q.search_content) == std::string_view::npos;
  });
  std::stable_sort(rows.begin(), rows.end(), [&](const json::object& a, const json::object& b) {
    return q.ascending ? less_field(a, b, q.sort_by) : less_field(b, a, q.sort_by);
  });
  json::object body;
  body[total_key] = rows.size();
  json::array items;
  const auto first = (q.page - 1) * q.per_page;
  for (auto i = first; i < rows.size() && i < first + q.per_page; ++i) items.push_back(std::move(rows[i]));
  body[array_key] = std::move(items);
  return body;
}

struct engine_entry {
  std::int64_t id;
  int type;
  const char* name;
  const char* version;
};

// Legacy engine_type ↔ engine_name (S0 Table 9-12); versions from the SDK examples.
constexpr engine_entry engines[] = {
    {1, 1, "TensorFlow", "TF-1.8.0-python3.6"},
    {2, 10, "PyTorch", "PyTorch-1.0.0-python3.6"},
    {3, 2, "MXNet", "MXNet-1.2.1-python3.6"},
};

void add_engine_fields(json::object& body, const json::object& config) {
  const auto* id = config.if_contains("engine_id");
  if (id == nullptr || !id->is_number()) return;
  for (const auto& e : engines) {
    if (e.id == id->to_number<std::int64_t>()) {
      body["engine_type"] = e.type;
      body["engine_name"] = e.name;
      body["engine_version"] = e.version;
    }
  }
}

} // namespace

// ---- jobs and versions --------------------------------------------------------

int training_v1_store::version_status(const job& j, const version& v) const {
  const auto now = state_.now();
  const auto phase = state_.settings().phase_duration;
  if (v.stopped) return now - *v.stopped < phase ? status_killing : status_killed;
  const auto elapsed = now - v.created;
  if (elapsed < phase) return status_init;
  if (elapsed < 2 * phase) return status_waiting;
  if (elapsed < 3 * phase) return status_running;
  return j.name.starts_with("emulator-fail") ? status_failed : status_completed;
}

std::int64_t training_v1_store::version_duration(const version& v) const {
  const auto phase = state_.settings().phase_duration;
  const auto end = v.stopped ? *v.stopped : state_.now();
  const auto ran = std::clamp<clock::duration>(end - v.created - 2 * phase, clock::duration::zero(), phase);
  return std::chrono::duration_cast<std::chrono::milliseconds>(ran).count();
}

json::object training_v1_store::version_body(const job& j, const version& v) const {
  json::object body = v.config;
  body.erase("pre_version_id");
  body["job_id"] = j.id;
  body["job_name"] = j.name;
  body["job_desc"] = v.job_desc.empty() ? j.desc : v.job_desc;
  body["version_id"] = v.id;
  body["version_name"] = version_name(v.number);
  body["pre_version_id"] = v.pre_version_id;
  body["status"] = version_status(j, v);
  body["create_time"] = epoch_ms(v.created);
  body["duration"] = version_duration(v);
  add_engine_fields(body, v.config);
  return body;
}

training_v1_store::version& training_v1_store::add_version(job& j, const json::object& request) {
  version v;
  v.id = next_version_id_++;
  v.number = ++j.versions_made;
  v.job_desc = request.contains("job_desc") ? std::string(request.at("job_desc").as_string()) : std::string();
  v.config = request.at("config").as_object();
  if (const auto* pre = v.config.if_contains("pre_version_id")) v.pre_version_id = pre->to_number<std::int64_t>();
  v.created = state_.now();
  return j.versions.emplace(v.id, std::move(v)).first->second;
}

v1_outcome training_v1_store::create_job(const json::object& request) {
  const std::string name(request.at("job_name").as_string());
  std::lock_guard lock(mutex_);
  for (const auto& [id, j] : jobs_) {
    if (j.name == name) return error(400, "ModelArts.2702", "A training job named " + name + " already exists.");
  }
  job j;
  j.id = next_job_id_++;
  j.name = name;
  if (const auto* desc = request.if_contains("job_desc")) j.desc = desc->as_string();
  j.created = state_.now();
  auto& stored = jobs_.emplace(j.id, std::move(j)).first->second;
  const auto& v = add_version(stored, request);
  return ok({{"job_id", stored.id},
             {"job_name", stored.name},
             {"version_id", v.id},
             {"version_name", version_name(v.number)},
             {"status", version_status(stored, v)},
             {"create_time", epoch_ms(v.created)}});
}

v1_outcome training_v1_store::list_jobs(const v1_list_query& query) const {
  std::vector<json::object> rows;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, j] : jobs_) {
      json::object row{{"job_id", j.id}, {"job_name", j.name}, {"job_desc", j.desc},
                       {"version_count", j.versions.size()}, {"create_time", epoch_ms(j.created)}};
      if (!j.versions.empty()) {
        const auto& latest = j.versions.rbegin()->second;
        row["version_id"] = latest.id;
        row["status"] = version_status(j, latest);
        row["duration"] = version_duration(latest);
      } else {
        row["version_id"] = 0;
        row["status"] = 0;
        row["duration"] = 0;
      }
      rows.push_back(std::move(row));
    }
  }
  auto body = page_of(std::move(rows), query, "job_name", "jobs", "job_total_count");
  body["job_count_limit"] = job_count_limit;
  body["quotas"] = job_count_limit;
  return ok(std::move(body));
}

v1_outcome training_v1_store::update_job(std::int64_t job_id, const std::string& job_desc) {
  std::lock_guard lock(mutex_);
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return no_job(job_id);
  it->second.desc = job_desc;
  return ok();
}

v1_outcome training_v1_store::delete_job(std::int64_t job_id) {
  std::lock_guard lock(mutex_);
  if (jobs_.erase(job_id) == 0) return no_job(job_id);
  return ok();
}

v1_outcome training_v1_store::create_version(std::int64_t job_id, const json::object& request) {
  std::lock_guard lock(mutex_);
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return no_job(job_id);
  auto& j = it->second;
  const auto pre = request.at("config").as_object().at("pre_version_id").to_number<std::int64_t>();
  if (!j.versions.contains(pre))
    return error(404, "ModelArts.2703",
                 "Version " + std::to_string(pre) + " of training job " + std::to_string(job_id) + " does not exist.");
  const auto& v = add_version(j, request);
  return ok({{"job_id", j.id},
             {"job_name", j.name},
             {"version_id", v.id},
             {"version_name", version_name(v.number)},
             {"status", version_status(j, v)},
             {"create_time", epoch_ms(v.created)}});
}

v1_outcome training_v1_store::list_versions(std::int64_t job_id) const {
  std::lock_guard lock(mutex_);
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return no_job(job_id);
  const auto& j = it->second;
  json::array versions;
  for (auto v = j.versions.rbegin(); v != j.versions.rend(); ++v) {
    auto body = version_body(j, v->second);
    body["log_url"] = body.contains("log_url") ? body.at("log_url") : json::value("");
    versions.push_back(std::move(body));
  }
  return ok({{"job_id", j.id},
             {"job_name", j.name},
             {"job_desc", j.desc},
             {"version_count", j.versions.size()},
             {"versions", std::move(versions)}});
}

v1_outcome training_v1_store::get_version(std::int64_t job_id, std::int64_t version_id) const {
  std::lock_guard lock(mutex_);
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return no_job(job_id);
  const auto v = it->second.versions.find(version_id);
  if (v == it->second.versions.end())
    return error(404, "ModelArts.2703", "Version " + std::to_string(version_id) + " does not exist.");
  return ok(version_body(it->second, v->second));
}

v1_outcome training_v1_store::stop_version(std::int64_t job_id, std::int64_t version_id) {
  std::lock_guard lock(mutex_);
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return no_job(job_id);
  const auto v = it->second.versions.find(version_id);
  if (v == it->second.versions.end())
    return error(404, "ModelArts.2703", "Version " + std::to_string(version_id) + " does not exist.");
  const int status = version_status(it->second, v->second);
  if (status != status_init && status != status_waiting && status != status_running)
    return error(400, "ModelArts.2704",
                 "Only an initializing, waiting or running version can be stopped (status " +
                     std::to_string(status) + ").");
  v->second.stopped = state_.now();
  return ok();
}

v1_outcome training_v1_store::delete_version(std::int64_t job_id, std::int64_t version_id) {
  std::lock_guard lock(mutex_);
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return no_job(job_id);
  if (it->second.versions.erase(version_id) == 0)
    return error(404, "ModelArts.2703", "Version " + std::to_string(version_id) + " does not exist.");
  return ok();
}

// ---- job configs ----------------------------------------------------------------

v1_outcome training_v1_store::create_config(const json::object& request) {
  const std::string name(request.at("config_name").as_string());
  std::lock_guard lock(mutex_);
  if (configs_.contains(name))
    return error(400, "ModelArts.2702", "A training job config named " + name + " already exists.");
  configs_.emplace(name, config{request, state_.now()});
  return ok({{"config_name", name}});
}

v1_outcome training_v1_store::list_configs(const v1_list_query& query) const {
  std::vector<json::object> rows;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, c] : configs_) {
      json::object row{{"config_name", name},
                       {"config_desc", c.fields.contains("config_desc") ? c.fields.at("config_desc") : ""},
                       {"create_time", epoch_ms(c.created)}};
      add_engine_fields(row, c.fields);
      rows.push_back(std::move(row));
    }
  }
  return ok(page_of(std::move(rows), query, "config_name", "configs", "config_total_count"));
}

v1_outcome training_v1_store::get_config(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const auto it = configs_.find(name);
  if (it == configs_.end())
    return error(404, "ModelArts.2703", "Training job config " + std::string(name) + " does not exist.");
  auto body = it->second.fields;
  body["create_time"] = epoch_ms(it->second.created);
  add_engine_fields(body, it->second.fields);
  return ok(std::move(body));
}

v1_outcome training_v1_store::update_config(std::string_view name, const json::object& request) {
  std::lock_guard lock(mutex_);
  const auto it = configs_.find(name);
  if (it == configs_.end())
    return error(404, "ModelArts.2703", "Training job config " + std::string(name) + " does not exist.");
  // A PUT replaces the configuration; the name stays the path's.
  it->second.fields = request;
  it->second.fields["config_name"] = name;
  return ok();
}

v1_outcome training_v1_store::delete_config(std::string_view name) {
  std::lock_guard lock(mutex_);
  const auto it = configs_.find(name);
  if (it == configs_.end())
    return error(404, "ModelArts.2703", "Training job config " + std::string(name) + " does not exist.");
  configs_.erase(it);
  return ok();
}

// ---- visualization jobs -------------------------------------------------------

int training_v1_store::visualization_status(const visualization& vj) const {
  if (vj.stopped) return status_killed;
  return state_.now() - vj.started < state_.settings().phase_duration ? status_init : status_running;
}

json::object training_v1_store::visualization_body(const visualization& vj) const {
  const int status = visualization_status(vj);
  const auto end = vj.stopped ? *vj.stopped : state_.now();
  return {{"job_id", vj.id},
          {"job_name", vj.name},
          {"job_desc", vj.desc},
          {"status", status},
          {"create_time", epoch_ms(vj.created)},
          {"duration", std::chrono::duration_cast<std::chrono::milliseconds>(end - vj.started).count()},
          {"train_url", vj.train_url},
          {"service_url",
           status == status_running ? "https://tensorboard.emulator.invalid/" + std::to_string(vj.id) + "/" : ""},
          {"resource_id", "visualization-" + std::to_string(vj.id)}};
}

v1_outcome training_v1_store::create_visualization(const json::object& request) {
  const std::string name(request.at("job_name").as_string());
  std::lock_guard lock(mutex_);
  for (const auto& [id, vj] : visualizations_) {
    if (vj.name == name)
      return error(400, "ModelArts.2702", "A visualization job named " + name + " already exists.");
  }
  visualization vj;
  vj.id = next_visualization_id_++;
  vj.name = name;
  if (const auto* desc = request.if_contains("job_desc")) vj.desc = desc->as_string();
  vj.train_url = request.at("config").as_object().at("train_url").as_string();
  vj.created = vj.started = state_.now();
  const auto& stored = visualizations_.emplace(vj.id, std::move(vj)).first->second;
  return ok({{"job_id", stored.id},
             {"job_name", stored.name},
             {"status", visualization_status(stored)},
             {"create_time", epoch_ms(stored.created)}});
}

v1_outcome training_v1_store::list_visualizations(const v1_list_query& query) const {
  std::vector<json::object> rows;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, vj] : visualizations_) rows.push_back(visualization_body(vj));
  }
  auto body = page_of(std::move(rows), query, "job_name", "jobs", "job_total_count");
  body["job_count_limit"] = job_count_limit;
  return ok(std::move(body));
}

v1_outcome training_v1_store::get_visualization(std::int64_t job_id) const {
  std::lock_guard lock(mutex_);
  const auto it = visualizations_.find(job_id);
  if (it == visualizations_.end())
    return error(404, "ModelArts.2703", "Visualization job " + std::to_string(job_id) + " does not exist.");
  return ok(visualization_body(it->second));
}

v1_outcome training_v1_store::update_visualization(std::int64_t job_id, const std::string& job_desc) {
  std::lock_guard lock(mutex_);
  const auto it = visualizations_.find(job_id);
  if (it == visualizations_.end())
    return error(404, "ModelArts.2703", "Visualization job " + std::to_string(job_id) + " does not exist.");
  it->second.desc = job_desc;
  return ok();
}

v1_outcome training_v1_store::stop_visualization(std::int64_t job_id) {
  std::lock_guard lock(mutex_);
  const auto it = visualizations_.find(job_id);
  if (it == visualizations_.end())
    return error(404, "ModelArts.2703", "Visualization job " + std::to_string(job_id) + " does not exist.");
  if (it->second.stopped) return error(400, "ModelArts.2704", "The visualization job is already stopped.");
  it->second.stopped = state_.now();
  return ok();
}

v1_outcome training_v1_store::restart_visualization(std::int64_t job_id) {
  std::lock_guard lock(mutex_);
  const auto it = visualizations_.find(job_id);
  if (it == visualizations_.end())
    return error(404, "ModelArts.2703", "Visualization job " + std::to_string(job_id) + " does not exist.");
  if (!it->second.stopped) return error(400, "ModelArts.2704", "Only a stopped visualization job can be restarted.");
  it->second.stopped.reset();
  it->second.started = state_.now();
  return ok();
}

v1_outcome training_v1_store::delete_visualization(std::int64_t job_id) {
  std::lock_guard lock(mutex_);
  if (visualizations_.erase(job_id) == 0)
    return error(404, "ModelArts.2703", "Visualization job " + std::to_string(job_id) + " does not exist.");
  return ok();
}

// ---- built-in algorithms ----------------------------------------------------

v1_outcome training_v1_store::list_algorithms() {
  json::array models;
  models.push_back(json::object{{"model_id", 1},
                                {"model_name", "ResNet_v1_50"},
                                {"model_usage", 1},
                                {"model_precision", "75.2%(top1)"},
                                {"model_size", 102690000},
                                {"model_train_dataset", "ImageNet"},
                                {"model_dataset_format", "TFRecord-ImageNet"},
                                {"model_description_url", "https://example.invalid/resnet_v1_50"},
                                {"parameter", json::array{json::object{{"label", "batch_size"}, {"value", "32"}},
                                                          json::object{{"label", "lr"}, {"value", "0.01"}}}},
                                {"create_time", 1561000000000},
                                {"engine_id", 1},
                                {"engine_name", "TensorFlow"},
                                {"engine_version", "TF-1.8.0-python3.6"}});
  models.push_back(json::object{{"model_id", 2},
                                {"model_name", "Faster RCNN_ResNet_v1_50"},
                                {"model_usage", 2},
                                {"model_precision", "73.6%(mAP)"},
                                {"model_size", 445150000},
                                {"model_train_dataset", "PASCAL VOC2007"},
                                {"model_dataset_format", "TFRecord-ImageNet"},
                                {"model_description_url", "https://example.invalid/faster_rcnn"},
                                {"parameter", json::array{json::object{{"label", "max_epoches"}, {"value", "10"}}}},
                                {"create_time", 1561000000000},
                                {"engine_id", 1},
                                {"engine_name", "TensorFlow"},
                                {"engine_version", "TF-1.8.0-python3.6"}});
  json::object body;
  body["model_total_count"] = models.size();
  body["models"] = std::move(models);
  return ok(std::move(body));
}

bool training_v1_store::known_algorithm(std::int64_t model_id) { return model_id == 1 || model_id == 2; }

} // namespace modelarts::emulator
