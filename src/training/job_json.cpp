#include "training/job_json.hpp"

#include "core/json_fields.hpp"
#include "training/json_parts.hpp"

namespace modelarts::training {
namespace {

namespace jf = json_fields;
namespace jp = json_parts;
using boost::json::array;
using boost::json::object;

job_metadata metadata_from(const object& o) {
  job_metadata m;
  m.id = jf::text(o, "id");
  m.name = jf::text(o, "name");
  m.description = jf::text(o, "description");
  m.create_time_ms = jf::integer(o, "create_time");
  m.workspace_id = jf::text(o, "workspace_id");
  m.user_name = jf::text(o, "user_name");
  m.annotations = jp::string_map_from(o, "annotations");
  m.extra = jf::unknown_fields(
      o, {"id", "name", "description", "create_time", "workspace_id", "user_name", "annotations"});
  return m;
}

object to_json(const job_metadata& m) {
  object o;
  o["id"] = m.id;
  o["name"] = m.name;
  o["description"] = m.description;
  o["create_time"] = m.create_time_ms;
  o["workspace_id"] = m.workspace_id;
  o["user_name"] = m.user_name;
  if (!m.annotations.empty()) o["annotations"] = jp::to_json(m.annotations);
  jp::merge_extra(o, m.extra);
  return o;
}

task_status task_status_from(const object& o) {
  task_status t;
  t.task = jf::text(o, "task");
  if (auto code = jp::loose_integer(o.if_contains("exit_code"))) t.exit_code = static_cast<int>(*code);
  t.message = jf::text(o, "message");
  t.extra = jf::unknown_fields(o, {"task", "exit_code", "message"});
  return t;
}

object to_json(const task_status& t) {
  object o;
  o["task"] = t.task;
  if (t.exit_code) o["exit_code"] = *t.exit_code;
  o["message"] = t.message;
  jp::merge_extra(o, t.extra);
  return o;
}

job_status status_from(const object& o) {
  job_status s;
  s.phase = jf::text(o, "phase");
  s.secondary_phase = jf::text(o, "secondary_phase");
  s.duration_ms = jf::integer(o, "duration");
  s.start_time_ms = jf::integer(o, "start_time");
  const auto* samples = jp::array_of(o, "node_count_metrics");
  if (samples != nullptr) {
    for (const auto& pair : *samples) {
      if (!pair.is_array() || pair.get_array().size() < 2) continue;
      const auto& p = pair.get_array();
      s.node_count_metrics.push_back({jp::loose_integer(&p[0]).value_or(0),
                                      static_cast<int>(jp::loose_integer(&p[1]).value_or(0))});
    }
  }
  if (const auto* tasks = jp::array_of(o, "tasks")) {
    for (const auto& t : *tasks) {
      if (t.is_string()) s.tasks.emplace_back(t.get_string());
    }
  }
  s.task_statuses = jp::list_from<task_status>(o, "task_statuses", task_status_from);
  s.extra = jf::unknown_fields(o, {"phase", "secondary_phase", "duration", "start_time", "node_count_metrics",
                                   "tasks", "task_statuses"});
  // `"node_count_metrics": null` (a job that has not started) is kept as sent.
  jp::keep_unreadable(s.extra, o, "node_count_metrics", samples != nullptr);
  return s;
}

object to_json(const job_status& s) {
  object o;
  o["phase"] = s.phase;
  o["secondary_phase"] = s.secondary_phase;
  o["duration"] = s.duration_ms;
  o["start_time"] = s.start_time_ms;
  array samples;
  for (const auto& n : s.node_count_metrics) samples.push_back(array{n.time_ms, n.node_count});
  o["node_count_metrics"] = std::move(samples);
  array tasks;
  for (const auto& t : s.tasks) tasks.emplace_back(t);
  o["tasks"] = std::move(tasks);
  if (!s.task_statuses.empty()) o["task_statuses"] = jp::array_to_json(s.task_statuses, [](const task_status& t) { return to_json(t); });
  jp::merge_extra(o, s.extra);
  return o;
}

job_algorithm algorithm_from(const object& o) {
  job_algorithm a;
  a.id = jf::text(o, "id");
  a.name = jf::text(o, "name");
  a.subscription_id = jf::text(o, "subscription_id");
  a.item_version_id = jf::text(o, "item_version_id");
  a.code_dir = jf::text(o, "code_dir");
  a.boot_file = jf::text(o, "boot_file");
  a.command = jf::text(o, "command");
  a.parameters = jp::parameters_from(o, "parameters");
  if (const auto* v = o.if_contains("parameters_customization"); v != nullptr && !v->is_null())
    a.parameters_customization = jf::boolean(o, "parameters_customization");
  a.inputs = jp::list_from<data_input>(o, "inputs", jp::input_from);
  a.outputs = jp::list_from<data_output>(o, "outputs", jp::output_from);
  if (const auto* e = o.if_contains("engine"); e != nullptr && e->is_object()) a.engine = jp::engine_from(e->get_object());
  a.environments = jp::string_map_from(o, "environments");
  a.policies = jf::object(o, "policies");
  a.extra = jf::unknown_fields(o, {"id", "name", "subscription_id", "item_version_id", "code_dir", "boot_file",
                                   "command", "parameters", "parameters_customization", "inputs", "outputs",
                                   "engine", "environments", "policies"});
  return a;
}

object to_json(const job_algorithm& a) {
  object o;
  jp::put_text(o, "id", a.id);
  jp::put_text(o, "name", a.name);
  jp::put_text(o, "subscription_id", a.subscription_id);
  jp::put_text(o, "item_version_id", a.item_version_id);
  jp::put_text(o, "code_dir", a.code_dir);
  jp::put_text(o, "boot_file", a.boot_file);
  jp::put_text(o, "command", a.command);
  if (!a.parameters.empty()) o["parameters"] = jp::array_to_json(a.parameters);
  if (a.parameters_customization) o["parameters_customization"] = *a.parameters_customization;
  if (!a.inputs.empty()) o["inputs"] = jp::array_to_json(a.inputs);
  if (!a.outputs.empty()) o["outputs"] = jp::array_to_json(a.outputs);
  if (a.engine) o["engine"] = jp::to_json(*a.engine);
  if (!a.environments.empty()) o["environments"] = jp::to_json(a.environments);
  if (!a.policies.empty()) o["policies"] = a.policies;
  jp::merge_extra(o, a.extra);
  return o;
}

job_spec spec_from(const object& o) {
  job_spec s;
  const auto& r = jf::object(o, "resource");
  s.resource.policy = jf::text(r, "policy");
  s.resource.flavor_id = jf::text(r, "flavor_id");
  s.resource.flavor_name = jf::text(r, "flavor_name");
  s.resource.node_count = static_cast<int>(jf::integer(r, "node_count", 1));
  s.resource.pool_id = jf::text(r, "pool_id");
  s.resource.flavor_detail = jf::object(r, "flavor_detail");
  s.resource.extra = jf::unknown_fields(r, {"policy", "flavor_id", "flavor_name", "node_count", "pool_id", "flavor_detail"});
  s.volumes = jp::list_from<nfs_volume>(o, "volumes", [](const object& v) {
    const auto& nfs = jf::object(v, "nfs");
    return nfs_volume{jf::text(nfs, "nfs_server_path"), jf::text(nfs, "local_path"), jf::boolean(nfs, "read_only")};
  });
  const auto& log = jf::object(o, "log_export_path");
  s.log_export_obs_url = jf::text(log, "obs_url");
  s.log_export_host_path = jf::text(log, "host_path");
  if (const auto* v = o.if_contains("is_hosted_log"); v != nullptr && !v->is_null())
    s.is_hosted_log = jf::boolean(o, "is_hosted_log");
  s.extra = jf::unknown_fields(o, {"resource", "volumes", "log_export_path", "is_hosted_log"});
  return s;
}

object to_json(const job_resource& r) {
  object o;
  jp::put_text(o, "policy", r.policy);
  o["flavor_id"] = r.flavor_id;
  jp::put_text(o, "flavor_name", r.flavor_name);
  o["node_count"] = r.node_count;
  jp::put_text(o, "pool_id", r.pool_id);
  if (!r.flavor_detail.empty()) o["flavor_detail"] = r.flavor_detail;
  jp::merge_extra(o, r.extra);
  return o;
}

object volumes_and_log(const job_spec& s, object o) {
  if (!s.volumes.empty()) {
    array volumes;
    for (const auto& v : s.volumes) {
      volumes.push_back(object{{"nfs", object{{"nfs_server_path", v.nfs_server_path},
                                              {"local_path", v.local_path},
                                              {"read_only", v.read_only}}}});
    }
    o["volumes"] = std::move(volumes);
  }
  if (!s.log_export_obs_url.empty() || !s.log_export_host_path.empty()) {
    object log;
    jp::put_text(log, "obs_url", s.log_export_obs_url);
    jp::put_text(log, "host_path", s.log_export_host_path);
    o["log_export_path"] = std::move(log);
  }
  return o;
}

object to_json(const job_spec& s) {
  object o;
  o["resource"] = to_json(s.resource);
  o = volumes_and_log(s, std::move(o));
  if (s.is_hosted_log) o["is_hosted_log"] = *s.is_hosted_log;
  jp::merge_extra(o, s.extra);
  return o;
}

job_task task_from(const object& o) {
  return job_task{jf::text(o, "role"), jf::object(o, "algorithm"), jf::object(o, "task_resource"),
                  jf::unknown_fields(o, {"role", "algorithm", "task_resource"})};
}

object to_json(const job_task& t) {
  object o;
  o["role"] = t.role;
  if (!t.algorithm.empty()) o["algorithm"] = t.algorithm;
  if (!t.task_resource.empty()) o["task_resource"] = t.task_resource;
  jp::merge_extra(o, t.extra);
  return o;
}

object to_json(const job_filter& f) {
  array values;
  for (const auto& v : f.values) values.emplace_back(v);
  return object{{"key", f.key}, {"operator", f.op}, {"value", std::move(values)}};
}

} // namespace

job job_from_json(const object& o) {
  job j;
  j.kind = jf::text(o, "kind");
  j.metadata = metadata_from(jf::object(o, "metadata"));
  j.status = status_from(jf::object(o, "status"));
  j.algorithm = algorithm_from(jf::object(o, "algorithm"));
  j.tasks = jp::list_from<job_task>(o, "tasks", task_from);
  j.spec = spec_from(jf::object(o, "spec"));
  j.extra = jf::unknown_fields(o, {"kind", "metadata", "status", "algorithm", "tasks", "spec"});
  return j;
}

object job_to_json(const job& j) {
  object o;
  o["kind"] = j.kind;
  o["metadata"] = to_json(j.metadata);
  o["status"] = to_json(j.status);
  o["algorithm"] = to_json(j.algorithm);
  if (!j.tasks.empty()) o["tasks"] = jp::array_to_json(j.tasks, [](const job_task& t) { return to_json(t); });
  o["spec"] = to_json(j.spec);
  jp::merge_extra(o, j.extra);
  return o;
}

job_list job_list_from_json(const object& o) {
  job_list l;
  l.total = jf::integer(o, "total");
  l.count = jf::integer(o, "count");
  l.offset = static_cast<int>(jf::integer(o, "offset"));
  l.limit = static_cast<int>(jf::integer(o, "limit"));
  l.items = jp::list_from<job>(o, "items", job_from_json);
  l.extra = jf::unknown_fields(o, {"total", "count", "offset", "limit", "items"});
  return l;
}

object job_request_to_json(const job_request& r) {
  object metadata{{"name", r.name}};
  jp::put_text(metadata, "description", r.description);

  object algorithm;
  jp::put_text(algorithm, "id", r.algorithm_id);
  jp::put_text(algorithm, "code_dir", r.code_dir);
  jp::put_text(algorithm, "boot_file", r.boot_file);
  jp::put_text(algorithm, "command", r.command);
  if (auto engine = jp::to_json(r.engine); !engine.empty()) algorithm["engine"] = std::move(engine);
  if (!r.parameters.empty()) algorithm["parameters"] = jp::array_to_json(r.parameters);
  if (!r.inputs.empty()) algorithm["inputs"] = jp::array_to_json(r.inputs);
  if (!r.outputs.empty()) algorithm["outputs"] = jp::array_to_json(r.outputs);
  if (!r.environments.empty()) algorithm["environments"] = jp::to_json(r.environments);

  object resource;
  jp::put_text(resource, "policy", r.policy);
  resource["flavor_id"] = r.flavor_id;
  resource["node_count"] = r.node_count;
  jp::put_text(resource, "pool_id", r.pool_id);
  job_spec spec;
  spec.volumes = r.volumes;
  spec.log_export_obs_url = r.log_export_obs_url;
  object spec_json = volumes_and_log(spec, object{{"resource", std::move(resource)}});

  return object{{"kind", r.kind.empty() ? std::string("job") : r.kind},
                {"metadata", std::move(metadata)},
                {"algorithm", std::move(algorithm)},
                {"spec", std::move(spec_json)}};
}

object job_query_to_json(const job_query& q) {
  object o{{"offset", q.offset}, {"limit", q.limit}, {"sort_by", q.sort_by}, {"order", q.order}};
  jp::put_text(o, "group_by", q.group_by);
  if (!q.filters.empty()) {
    array filters;
    for (const auto& f : q.filters) filters.push_back(to_json(f));
    o["filters"] = std::move(filters);
  }
  return o;
}

} // namespace modelarts::training
