#include "training_store.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

namespace modelarts::emulator {
namespace {

namespace json = boost::json;

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

const json::object& object_of(const json::object& o, std::string_view key) {
  static const json::object empty;
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? v->get_object() : empty;
}

/// Channels as a job shows them: with the container directory filled in.
json::array channels_with_local_dir(const json::object& algorithm, std::string_view key, std::string_view kind) {
  json::array out;
  if (const auto* a = algorithm.if_contains(key); a != nullptr && a->is_array()) {
    for (const auto& item : a->get_array()) {
      if (!item.is_object()) continue;
      auto channel = item.get_object();
      const auto name = text_of(channel, "name");
      channel["local_dir"] = "/home/ma-user/modelarts/" + std::string(kind) + "/" + name + "_0";
      if (kind == "outputs") {
        if (!channel.contains("mode")) channel["mode"] = "upload_periodically";
        if (!channel.contains("period")) channel["period"] = 30;
      }
      out.push_back(std::move(channel));
    }
  }
  return out;
}

/// The stored algorithm's parameters with the job's values applied; job-only ones appended.
json::array merged_parameters(const json::object& stored, const json::object& requested) {
  json::array out;
  if (const auto* p = stored.if_contains("parameters"); p != nullptr && p->is_array()) out = p->get_array();
  if (const auto* p = requested.if_contains("parameters"); p != nullptr && p->is_array()) {
    for (const auto& item : p->get_array()) {
      if (!item.is_object()) continue;
      const auto name = text_of(item.get_object(), "name");
      auto it = std::find_if(out.begin(), out.end(), [&](const json::value& v) {
        return v.is_object() && text_of(v.get_object(), "name") == name;
      });
      if (it == out.end()) {
        out.push_back(item);
      } else if (const auto* value = item.get_object().if_contains("value")) {
        it->as_object()["value"] = *value;
      }
    }
  }
  return out;
}

std::string log_line(int i, int total, std::size_t pad_to) {
  char head[96];
  std::snprintf(head, sizeof head, "step %d/%d loss=%.4f", i, total, 2.0 / (1.0 + i));
  std::string line(head);
  if (line.size() + 1 < pad_to) line.append(pad_to - line.size() - 1, '.');
  line += '\n';
  return line;
}

} // namespace

std::string training_store::next_id() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  const auto a = random();
  const auto b = random();
  char id[40];
  std::snprintf(id, sizeof id, "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>((b >> 48) & 0xfff), static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return id;
}

// ---- algorithms -------------------------------------------------------------

json::object training_store::add_algorithm(json::object request) {
  std::lock_guard lock(mutex_);
  const auto id = next_id();
  const auto& meta = object_of(request, "metadata");
  json::object metadata{{"id", id},
                        {"name", text_of(meta, "name")},
                        {"description", text_of(meta, "description")},
                        {"create_time", epoch_ms(state_.now())},
                        {"workspace_id", "0"},
                        {"ai_project", "default-ai-project"},
                        {"user_name", ""},
                        {"domain_id", "0659fbf6de00109b0ff1c01fc037d240"},
                        {"source", "custom"},
                        {"api_version", ""},
                        {"is_valid", true},
                        {"state", ""},
                        {"size", 4790},
                        {"tags", nullptr},
                        {"attr_list", nullptr},
                        {"version_num", 0},
                        {"update_time", 0}};
  json::object body{{"metadata", std::move(metadata)},
                    {"share_info", json::object{}},
                    {"job_config", object_of(request, "job_config")},
                    {"resource_requirements", json::array{}},
                    {"advanced_config", json::object{}}};
  algorithms_[id] = body;
  return body;
}

std::optional<json::object> training_store::algorithm(std::string_view id) const {
  std::lock_guard lock(mutex_);
  auto it = algorithms_.find(id);
  if (it == algorithms_.end()) return std::nullopt;
  return it->second;
}

json::object training_store::list_algorithms(std::size_t offset, std::size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<const json::object*> all;
  for (const auto& [id, a] : algorithms_) all.push_back(&a);
  std::sort(all.begin(), all.end(), [](const json::object* x, const json::object* y) {
    return object_of(*x, "metadata").at("create_time").to_number<std::int64_t>() >
           object_of(*y, "metadata").at("create_time").to_number<std::int64_t>();
  });
  json::array items;
  for (std::size_t i = offset; i < all.size() && items.size() < limit; ++i) items.push_back(*all[i]);
  return json::object{{"total", all.size()}, {"count", all.size()}, {"limit", limit}, {"offset", offset},
                      {"items", std::move(items)}};
}

std::optional<json::object> training_store::update_algorithm(std::string_view id, const json::object& request) {
  std::lock_guard lock(mutex_);
  auto it = algorithms_.find(id);
  if (it == algorithms_.end()) return std::nullopt;
  auto& metadata = it->second["metadata"].as_object();
  if (const auto* d = object_of(request, "metadata").if_contains("description")) metadata["description"] = *d;
  metadata["update_time"] = epoch_ms(state_.now());
  if (request.contains("job_config")) it->second["job_config"] = object_of(request, "job_config");
  return it->second;
}

bool training_store::remove_algorithm(std::string_view id) {
  std::lock_guard lock(mutex_);
  auto it = algorithms_.find(id);
  if (it == algorithms_.end()) return false;
  algorithms_.erase(it);
  return true;
}

// ---- jobs -------------------------------------------------------------------

const training_store::stored_job* training_store::find(std::string_view id) const {
  auto it = jobs_.find(id);
  return it == jobs_.end() ? nullptr : &it->second;
}

bool training_store::has_task(const stored_job& j, std::string_view task) const {
  for (int i = 0; i < j.node_count; ++i) {
    if (task == "worker-" + std::to_string(i)) return true;
  }
  return false;
}

json::object training_store::add_job(new_job spec) {
  std::lock_guard lock(mutex_);
  stored_job j;
  j.id = next_id();
  j.timeline.created = state_.now();
  j.timeline.script = spec.script;
  j.sequence = ++sequence_;
  const auto& resource = object_of(object_of(spec.request, "spec"), "resource");
  if (const auto* n = resource.if_contains("node_count"); n != nullptr && n->is_number())
    j.node_count = std::max(1, n->to_number<int>());
  j.spec = std::move(spec);
  auto body = render(j, j.timeline.created);
  jobs_.emplace(j.id, std::move(j));
  return body;
}

json::object training_store::render(const stored_job& j, clock::time_point now) const {
  const auto m = moment_at(j.timeline, now);
  const auto& request = j.spec.request;
  const auto& meta = object_of(request, "metadata");

  json::object metadata{{"id", j.id},
                        {"name", text_of(meta, "name")},
                        {"description", text_of(meta, "description")},
                        {"create_time", epoch_ms(j.timeline.created)},
                        {"workspace_id", "0"},
                        {"ai_project", "default-ai-project"},
                        {"user_name", "emulator-user"},
                        {"annotations", json::object{{"job_template", "Template DL"}, {"key_task", "worker"}}}};

  json::array tasks;
  for (int i = 0; i < j.node_count; ++i) tasks.emplace_back("worker-" + std::to_string(i));
  json::object status{{"phase", m.phase}, {"secondary_phase", m.secondary_phase}, {"tasks", tasks}};
  if (m.started) {
    const auto end = m.final ? m.run_end : now;
    status["start_time"] = epoch_ms(m.start);
    status["duration"] = std::max<std::int64_t>(0, epoch_ms(std::max(end, m.start)) - epoch_ms(m.start));
    status["node_count_metrics"] = json::array{json::array{epoch_ms(j.timeline.created), 0},
                                               json::array{epoch_ms(m.start), j.node_count}};
  } else {
    status["start_time"] = 0;
    status["duration"] = 0;
    status["node_count_metrics"] = nullptr;
  }
  if (m.final) {
    json::array statuses;
    const bool ok = m.phase == "Completed" || m.phase == "Terminated";
    for (int i = 0; i < j.node_count; ++i) {
      json::object t{{"task", "worker-" + std::to_string(i)}, {"exit_code", ok ? 0 : 1}};
      t["message"] = ok ? std::string() : "emulator: task ended " + m.secondary_phase;
      statuses.push_back(std::move(t));
    }
    status["task_statuses"] = std::move(statuses);
  }

  // The algorithm: the stored one's configuration under the job's choices.
  const auto& requested = object_of(request, "algorithm");
  const auto& stored = object_of(j.spec.algorithm, "job_config");
  json::object algorithm;
  if (const auto* id = requested.if_contains("id")) {
    algorithm["id"] = *id;
    algorithm["name"] = text_of(object_of(j.spec.algorithm, "metadata"), "name");
  }
  for (const auto* key : {"code_dir", "boot_file", "command"}) {
    if (const auto* v = requested.if_contains(key)) algorithm[key] = *v;
    else if (const auto* s = stored.if_contains(key)) algorithm[key] = *s;
  }
  algorithm["parameters"] = merged_parameters(stored, requested);
  algorithm["parameters_customization"] = true;
  algorithm["inputs"] = channels_with_local_dir(requested, "inputs", "inputs");
  algorithm["outputs"] = channels_with_local_dir(requested, "outputs", "outputs");
  if (const auto* e = requested.if_contains("engine")) algorithm["engine"] = *e;
  else if (const auto* e2 = stored.if_contains("engine")) algorithm["engine"] = *e2;
  if (const auto* env = requested.if_contains("environments")) algorithm["environments"] = *env;

  const auto& spec_in = object_of(request, "spec");
  json::object resource = object_of(spec_in, "resource");
  if (!j.spec.flavor.empty()) {
    resource["flavor_name"] = j.spec.flavor.at("flavor_name");
    auto info = object_of(j.spec.flavor, "flavor_info");
    info.erase("max_num");
    resource["flavor_detail"] = json::object{{"flavor_type", j.spec.flavor.at("flavor_type")},
                                             {"billing", j.spec.flavor.at("billing")},
                                             {"flavor_info", std::move(info)}};
  }
  json::object spec{{"resource", std::move(resource)}, {"is_hosted_log", true}};
  for (const auto* key : {"log_export_path", "volumes"}) {
    if (const auto* v = spec_in.if_contains(key)) spec[key] = *v;
  }

  return json::object{{"kind", request.contains("kind") ? request.at("kind") : json::value("job")},
                      {"metadata", std::move(metadata)},
                      {"status", std::move(status)},
                      {"algorithm", std::move(algorithm)},
                      {"spec", std::move(spec)}};
}

std::optional<json::object> training_store::job(std::string_view id) const {
  std::lock_guard lock(mutex_);
  const auto* j = find(id);
  if (j == nullptr) return std::nullopt;
  return render(*j, state_.now());
}

namespace {

bool filter_matches(const json::object& filter, const json::object& job) {
  const auto key = text_of(filter, "key");
  auto op = text_of(filter, "operator");
  if (op.empty()) op = "in";
  std::string field;
  if (key == "name") field = text_of(object_of(job, "metadata"), "name");
  else if (key == "id") field = text_of(object_of(job, "metadata"), "id");
  else if (key == "phase" || key == "status") field = text_of(object_of(job, "status"), "phase");
  else if (key == "flavor_id") field = text_of(object_of(object_of(job, "spec"), "resource"), "flavor_id");
  else return true; // keys the emulator does not know filter nothing
  std::vector<std::string> values;
  if (const auto* v = filter.if_contains("value"); v != nullptr && v->is_array()) {
    for (const auto& s : v->get_array()) {
      if (s.is_string()) values.emplace_back(s.get_string());
    }
  }
  const auto any = [&](auto pred) { return std::any_of(values.begin(), values.end(), pred); };
  if (op == "like") return any([&](const std::string& s) { return field.find(s) != std::string::npos; });
  if (op == "not") return !any([&](const std::string& s) { return field == s; });
  if (op == "between")
    return values.size() == 2 && field >= values[0] && field <= values[1];
  return any([&](const std::string& s) { return field == s; });
}

} // namespace

json::object training_store::search(const job_search& query) const {
  std::lock_guard lock(mutex_);
  const auto now = state_.now();
  struct row {
    const stored_job* job;
    json::object body;
  };
  std::vector<row> matching;
  for (const auto& [id, j] : jobs_) {
    auto body = render(j, now);
    bool keep = true;
    for (const auto& f : query.filters) {
      if (f.is_object() && !filter_matches(f.get_object(), body)) keep = false;
    }
    if (keep) matching.push_back({&j, std::move(body)});
  }
  std::sort(matching.begin(), matching.end(), [&](const row& a, const row& b) {
    if (query.sort_by == "name") {
      const auto na = text_of(object_of(a.body, "metadata"), "name");
      const auto nb = text_of(object_of(b.body, "metadata"), "name");
      if (na != nb) return query.ascending ? na < nb : na > nb;
    }
    return query.ascending ? a.job->sequence < b.job->sequence : a.job->sequence > b.job->sequence;
  });
  json::array items;
  for (std::size_t i = query.offset; i < matching.size() && items.size() < query.limit; ++i)
    items.push_back(std::move(matching[i].body));
  return json::object{{"total", jobs_.size()},
                      {"count", matching.size()},
                      {"limit", query.limit},
                      {"offset", query.offset},
                      {"sort_by", query.sort_by},
                      {"order", query.ascending ? "asc" : "desc"},
                      {"group_by", ""},
                      {"workspace_id", "0"},
                      {"ai_project", "default-ai-project"},
                      {"items", std::move(items)}};
}

bool training_store::update_description(std::string_view id, std::string description) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return false;
  it->second.spec.request["metadata"].as_object()["description"] = std::move(description);
  return true;
}

bool training_store::remove_job(std::string_view id) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return false;
  jobs_.erase(it);
  return true;
}

terminate_outcome training_store::terminate(std::string_view id, json::object& out, std::string& phase) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return terminate_outcome::not_found;
  const auto now = state_.now();
  const auto m = moment_at(it->second.timeline, now);
  if (!can_terminate(m)) {
    phase = m.phase;
    return terminate_outcome::not_allowed;
  }
  it->second.timeline.terminate_requested = now;
  out = render(it->second, now);
  return terminate_outcome::terminated;
}

std::optional<std::string> training_store::log_text(std::string_view id, std::string_view task) const {
  std::lock_guard lock(mutex_);
  const auto* j = find(id);
  if (j == nullptr || !has_task(*j, task)) return std::nullopt;
  const auto m = moment_at(j->timeline, state_.now());
  std::string log;
  if (!m.started) return log;
  log += "[emulator] training job " + j->id + " task " + std::string(task) + " started\n";
  const auto& script = j->timeline.script;
  const auto run = std::chrono::duration_cast<std::chrono::milliseconds>(m.run_end - m.start);
  // Line i appears at i/(lines+1) of the Running phase: the log grows while the job runs.
  for (int i = 1; i <= script.log_lines; ++i) {
    if (run.count() <= 0 || m.ran.count() * (script.log_lines + 1) < run.count() * i) break;
    log += log_line(i, script.log_lines, script.log_line_bytes);
  }
  if (m.final) log += "[emulator] training job ended " + m.phase + " (" + m.secondary_phase + ")\n";
  return log;
}

std::optional<json::object> training_store::metrics(std::string_view id, std::string_view task) const {
  std::lock_guard lock(mutex_);
  const auto* j = find(id);
  if (j == nullptr || !has_task(*j, task)) return std::nullopt;
  const auto m = moment_at(j->timeline, state_.now());
  const auto phase = j->timeline.script.phase.count();
  // One sample per sixth of the Running phase after two empty ones (the
  // service's "-1": no sample before the job ran), at most 8 in all.
  std::size_t samples = m.started ? 2 + static_cast<std::size_t>(m.ran.count() * 6 / std::max<long long>(1, phase)) : 1;
  samples = std::min<std::size_t>(samples, 8);
  const auto flavor_type = j->spec.flavor.empty() ? std::string() : text_of(j->spec.flavor, "flavor_type");
  auto series = [&](const char* name, bool has_data, double base, double step) {
    json::array values;
    for (std::size_t i = 0; i < samples; ++i) {
      if (!has_data || i < 2) values.emplace_back(-1);
      else values.emplace_back(base + step * static_cast<double>(i));
    }
    return json::object{{"metric", name}, {"value", std::move(values)}};
  };
  json::array metrics{series("cpuUsage", true, 20.0, 3.0),
                      series("memUsage", true, 0.5, 0.03),
                      series("npuUtil", flavor_type == "Ascend", 50.0, 5.0),
                      series("npuMemUsage", flavor_type == "Ascend", 0.3, 0.05),
                      series("gpuUtil", flavor_type == "GPU", 60.0, 4.0),
                      series("gpuMemUsage", flavor_type == "GPU", 0.4, 0.05)};
  return json::object{{"metrics", std::move(metrics)}};
}

} // namespace modelarts::emulator
