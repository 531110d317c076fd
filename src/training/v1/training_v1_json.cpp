#include "training/v1/training_v1_json.hpp"

#include "core/json_fields.hpp"

#include <boost/json/array.hpp>

#include <array>
#include <initializer_list>
#include <string_view>

namespace modelarts::training::v1 {
namespace {

namespace jf = json_fields;
namespace json = boost::json;

// The flat run fields of a version detail or a config, as the service names them.
constexpr std::array<std::string_view, 16> run_keys = {
    "worker_server_num", "app_url",  "boot_file_url", "parameter",      "data_url",
    "dataset_id",        "dataset_version_id", "data_source", "spec_id", "engine_id",
    "model_id",          "train_url", "log_url",      "user_image_url", "user_command",
    "pool_id"};

void put_text(json::object& o, std::string_view key, const std::string& value) {
  if (!value.empty()) o[key] = value;
}

void put_id(json::object& o, std::string_view key, std::int64_t value) {
  if (value != 0) o[key] = value;
}

const json::array* array_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

std::vector<hyperparameter> parameters_from(const json::object& o) {
  std::vector<hyperparameter> out;
  if (const auto* items = array_of(o, "parameter")) {
    for (const auto& p : *items) {
      if (p.is_object()) out.push_back({jf::text(p.get_object(), "label"), jf::text(p.get_object(), "value")});
    }
  }
  return out;
}

json::array parameters_to(const std::vector<hyperparameter>& parameters) {
  json::array out;
  for (const auto& p : parameters) out.push_back(json::object{{"label", p.label}, {"value", p.value}});
  return out;
}

/// A copy of `o` without `known` nor the run fields.
json::object unknown_run_fields(const json::object& o, std::initializer_list<std::string_view> known) {
  auto extra = jf::unknown_fields(o, known);
  for (const auto key : run_keys) extra.erase(key);
  return extra;
}

job_status status_of(const json::object& o) { return job_status_from_code(jf::integer(o, "status")); }

job_summary job_summary_from(const json::object& o) {
  job_summary s;
  s.job_id = jf::integer(o, "job_id");
  s.job_name = jf::text(o, "job_name");
  s.version_id = jf::integer(o, "version_id");
  s.status = status_of(o);
  s.create_time = jf::integer(o, "create_time");
  s.duration = jf::integer(o, "duration");
  s.job_desc = jf::text(o, "job_desc");
  s.version_count = jf::integer(o, "version_count");
  s.extra = jf::unknown_fields(o, {"job_id", "job_name", "version_id", "status", "create_time", "duration",
                                   "job_desc", "version_count"});
  return s;
}

} // namespace

json::object to_json(const run_config& c) {
  json::object o;
  o["worker_server_num"] = c.worker_server_num;
  put_text(o, "app_url", c.app_url);
  put_text(o, "boot_file_url", c.boot_file_url);
  if (!c.parameters.empty()) o["parameter"] = parameters_to(c.parameters);
  put_text(o, "data_url", c.data_url);
  put_text(o, "dataset_id", c.dataset_id);
  put_text(o, "dataset_version_id", c.dataset_version_id);
  if (!c.data_sources.empty()) {
    json::array sources;
    for (const auto& s : c.data_sources) {
      json::object item;
      put_text(item, "type", s.type);
      put_text(item, "data_url", s.data_url);
      put_text(item, "dataset_id", s.dataset_id);
      put_text(item, "dataset_version", s.dataset_version);
      sources.push_back(std::move(item));
    }
    o["data_source"] = std::move(sources);
  }
  put_id(o, "spec_id", c.spec_id);
  put_id(o, "engine_id", c.engine_id);
  put_id(o, "model_id", c.model_id);
  put_text(o, "train_url", c.train_url);
  put_text(o, "log_url", c.log_url);
  put_text(o, "user_image_url", c.user_image_url);
  put_text(o, "user_command", c.user_command);
  put_text(o, "pool_id", c.pool_id);
  return o;
}

json::object to_json(const job_create_request& r) {
  return {{"job_name", r.job_name}, {"job_desc", r.job_desc}, {"config", to_json(r.config)}};
}

json::object to_json(const version_create_request& r) {
  auto config = to_json(r.config);
  config["pre_version_id"] = r.pre_version_id;
  return {{"job_desc", r.job_desc}, {"config", std::move(config)}};
}

json::object to_json(const job_config& c) {
  auto o = to_json(c.config);
  o["config_name"] = c.config_name;
  o["config_desc"] = c.config_desc;
  return o;
}

json::object to_json(const visualization_create_request& r) {
  return {{"job_name", r.job_name}, {"job_desc", r.job_desc}, {"config", json::object{{"train_url", r.train_url}}}};
}

run_config run_config_from_json(const json::object& o) {
  run_config c;
  c.worker_server_num = static_cast<int>(jf::integer(o, "worker_server_num", 1));
  c.app_url = jf::text(o, "app_url");
  c.boot_file_url = jf::text(o, "boot_file_url");
  c.parameters = parameters_from(o);
  c.data_url = jf::text(o, "data_url");
  c.dataset_id = jf::text(o, "dataset_id");
  c.dataset_version_id = jf::text(o, "dataset_version_id");
  if (const auto* sources = array_of(o, "data_source")) {
    for (const auto& s : *sources) {
      if (!s.is_object()) continue;
      const auto& so = s.get_object();
      c.data_sources.push_back({jf::text(so, "type"), jf::text(so, "data_url"), jf::text(so, "dataset_id"),
                                jf::text(so, "dataset_version")});
    }
  }
  c.spec_id = jf::integer(o, "spec_id");
  c.engine_id = jf::integer(o, "engine_id");
  c.model_id = jf::integer(o, "model_id");
  c.train_url = jf::text(o, "train_url");
  c.log_url = jf::text(o, "log_url");
  c.user_image_url = jf::text(o, "user_image_url");
  c.user_command = jf::text(o, "user_command");
  c.pool_id = jf::text(o, "pool_id");
  return c;
}

job_created job_created_from_json(const json::object& o) {
  job_created c;
  c.job_id = jf::integer(o, "job_id");
  c.version_id = jf::integer(o, "version_id");
  c.job_name = jf::text(o, "job_name");
  c.version_name = jf::text(o, "version_name");
  c.status = status_of(o);
  c.create_time = jf::integer(o, "create_time");
  c.extra = jf::unknown_fields(
      o, {"job_id", "version_id", "job_name", "version_name", "status", "create_time", "is_success"});
  return c;
}

job_version job_version_from_json(const json::object& o) {
  job_version v;
  v.job_id = jf::integer(o, "job_id");
  v.job_name = jf::text(o, "job_name");
  v.job_desc = jf::text(o, "job_desc");
  v.version_id = jf::integer(o, "version_id");
  v.version_name = jf::text(o, "version_name");
  v.pre_version_id = jf::integer(o, "pre_version_id");
  v.status = status_of(o);
  v.create_time = jf::integer(o, "create_time");
  v.duration = jf::integer(o, "duration");
  v.engine_type = static_cast<int>(jf::integer(o, "engine_type"));
  v.engine_name = jf::text(o, "engine_name");
  v.engine_version = jf::text(o, "engine_version");
  v.config = run_config_from_json(o);
  v.extra = unknown_run_fields(o, {"job_id", "job_name", "job_desc", "version_id", "version_name", "pre_version_id",
                                   "status", "create_time", "duration", "engine_type", "engine_name",
                                   "engine_version", "is_success", "error_code", "error_msg"});
  return v;
}

job_page job_page_from_json(const json::object& o) {
  job_page p;
  p.job_total_count = jf::integer(o, "job_total_count");
  p.job_count_limit = jf::integer(o, "job_count_limit");
  p.quotas = jf::integer(o, "quotas");
  if (const auto* jobs = array_of(o, "jobs")) {
    for (const auto& j : *jobs) {
      if (j.is_object()) p.jobs.push_back(job_summary_from(j.get_object()));
    }
  }
  return p;
}

version_list version_list_from_json(const json::object& o) {
  version_list l;
  l.job_id = jf::integer(o, "job_id");
  l.job_name = jf::text(o, "job_name");
  l.job_desc = jf::text(o, "job_desc");
  l.version_count = jf::integer(o, "version_count");
  if (const auto* versions = array_of(o, "versions")) {
    for (const auto& v : *versions) {
      if (!v.is_object()) continue;
      auto version = job_version_from_json(v.get_object());
      // Versions in a list may leave out what the list already says.
      if (version.job_id == 0) version.job_id = l.job_id;
      if (version.job_name.empty()) version.job_name = l.job_name;
      l.versions.push_back(std::move(version));
    }
  }
  return l;
}

job_config job_config_from_json(const json::object& o) {
  job_config c;
  c.config_name = jf::text(o, "config_name");
  c.config_desc = jf::text(o, "config_desc");
  c.config = run_config_from_json(o);
  c.create_time = jf::integer(o, "create_time");
  c.engine_type = static_cast<int>(jf::integer(o, "engine_type"));
  c.engine_name = jf::text(o, "engine_name");
  c.engine_version = jf::text(o, "engine_version");
  c.extra = unknown_run_fields(o, {"config_name", "config_desc", "create_time", "engine_type", "engine_name",
                                   "engine_version", "is_success", "error_code", "error_msg"});
  return c;
}

config_page config_page_from_json(const json::object& o) {
  config_page p;
  p.config_total_count = jf::integer(o, "config_total_count");
  if (const auto* configs = array_of(o, "configs")) {
    for (const auto& c : *configs) {
      if (c.is_object()) p.configs.push_back(job_config_from_json(c.get_object()));
    }
  }
  return p;
}

visualization_job visualization_job_from_json(const json::object& o) {
  visualization_job j;
  j.job_id = jf::integer(o, "job_id");
  j.job_name = jf::text(o, "job_name");
  j.job_desc = jf::text(o, "job_desc");
  j.status = status_of(o);
  j.create_time = jf::integer(o, "create_time");
  j.duration = jf::integer(o, "duration");
  j.train_url = jf::text(o, "train_url");
  j.service_url = jf::text(o, "service_url");
  j.resource_id = jf::text(o, "resource_id");
  j.extra = jf::unknown_fields(o, {"job_id", "job_name", "job_desc", "status", "create_time", "duration",
                                   "train_url", "service_url", "resource_id", "is_success", "error_code",
                                   "error_msg"});
  return j;
}

visualization_page visualization_page_from_json(const json::object& o) {
  visualization_page p;
  p.job_total_count = jf::integer(o, "job_total_count");
  p.job_count_limit = jf::integer(o, "job_count_limit");
  if (const auto* jobs = array_of(o, "jobs")) {
    for (const auto& j : *jobs) {
      if (j.is_object()) p.jobs.push_back(visualization_job_from_json(j.get_object()));
    }
  }
  return p;
}

std::vector<built_in_algorithm> built_in_algorithms_from_json(const json::object& o) {
  std::vector<built_in_algorithm> out;
  const auto* models = array_of(o, "models");
  if (models == nullptr) return out;
  for (const auto& m : *models) {
    if (!m.is_object()) continue;
    const auto& mo = m.get_object();
    built_in_algorithm a;
    a.model_id = jf::integer(mo, "model_id");
    a.model_name = jf::text(mo, "model_name");
    a.model_usage = static_cast<int>(jf::integer(mo, "model_usage"));
    a.model_precision = jf::text(mo, "model_precision");
    a.model_size = jf::integer(mo, "model_size");
    a.model_train_dataset = jf::text(mo, "model_train_dataset");
    a.model_dataset_format = jf::text(mo, "model_dataset_format");
    a.model_description_url = jf::text(mo, "model_description_url");
    a.parameters = parameters_from(mo);
    a.create_time = jf::integer(mo, "create_time");
    a.engine_id = jf::integer(mo, "engine_id");
    a.engine_name = jf::text(mo, "engine_name");
    a.engine_version = jf::text(mo, "engine_version");
    a.extra = jf::unknown_fields(mo, {"model_id", "model_name", "model_usage", "model_precision", "model_size",
                                      "model_train_dataset", "model_dataset_format", "model_description_url",
                                      "parameter", "create_time", "engine_id", "engine_name", "engine_version"});
    out.push_back(std::move(a));
  }
  return out;
}

} // namespace modelarts::training::v1
