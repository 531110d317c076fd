#include "services/service_json.hpp"

#include "core/json_fields.hpp"

#include <boost/json/array.hpp>

namespace modelarts::services::json {
namespace {

namespace bj = boost::json;
using namespace json_fields;

bj::object envs_to_json(const std::map<std::string, std::string>& envs) {
  bj::object o;
  for (const auto& [k, v] : envs) o[k] = v;
  return o;
}

std::map<std::string, std::string> envs_from(const bj::object& o) {
  std::map<std::string, std::string> envs;
  // S1's example writes envs as an array of one object; read both shapes.
  const auto* v = o.if_contains("envs");
  if (v == nullptr) return envs;
  auto take = [&envs](const bj::object& m) {
    for (const auto& [k, value] : m) envs[std::string(k)] = text(m, k);
  };
  if (v->is_object()) take(v->get_object());
  if (v->is_array()) {
    for (const auto& item : v->get_array())
      if (item.is_object()) take(item.get_object());
  }
  return envs;
}

int small_int(const bj::object& o, std::string_view key, int fallback) {
  return static_cast<int>(integer(o, key, fallback));
}

void put_network(bj::object& o, const std::optional<network>& vpc) {
  if (!vpc) return;
  o["vpc_id"] = vpc->vpc_id;
  o["subnet_network_id"] = vpc->subnet_network_id;
  o["security_group_id"] = vpc->security_group_id;
}

service_config service_config_from(const bj::object& o) {
  service_config c;
  c.model_id = text(o, "model_id");
  c.weight = small_int(o, "weight", 0);
  c.specification = text(o, "specification");
  c.instance_count = small_int(o, "instance_count", 0);
  c.envs = envs_from(o);
  c.model_name = text(o, "model_name");
  c.model_version = text(o, "model_version");
  c.source_type = text(o, "source_type");
  c.status = text(o, "status");
  c.scaling = boolean(o, "scaling");
  c.extra = unknown_fields(o, {"model_id", "weight", "specification", "instance_count", "envs", "model_name",
                               "model_version", "source_type", "status", "scaling"});
  return c;
}

transformer_config transformer_config_from(const bj::object& o) {
  transformer_config c;
  c.model_id = text(o, "model_id");
  c.specification = text(o, "specification");
  c.instance_count = small_int(o, "instance_count", 0);
  c.envs = envs_from(o);
  c.src_path = text(o, "src_path");
  c.dest_path = text(o, "dest_path");
  c.req_uri = text(o, "req_uri");
  c.mapping_type = text(o, "mapping_type");
  c.mapping_rule = object(o, "mapping_rule");
  c.model_name = text(o, "model_name");
  c.model_version = text(o, "model_version");
  c.extra = unknown_fields(o, {"model_id", "specification", "instance_count", "envs", "src_path", "dest_path",
                               "req_uri", "mapping_type", "mapping_rule", "model_name", "model_version"});
  return c;
}

const bj::array& array_field(const bj::object& o, std::string_view key) {
  static const bj::array empty;
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? v->get_array() : empty;
}

} // namespace

bj::object to_json(const service_config& c) {
  bj::object o;
  o["model_id"] = c.model_id;
  o["weight"] = c.weight;
  o["specification"] = c.specification;
  o["instance_count"] = c.instance_count;
  if (!c.envs.empty()) o["envs"] = envs_to_json(c.envs);
  return o;
}

bj::object to_json(const transformer_config& c) {
  bj::object o;
  o["model_id"] = c.model_id;
  o["specification"] = c.specification;
  o["instance_count"] = c.instance_count;
  if (!c.envs.empty()) o["envs"] = envs_to_json(c.envs);
  o["src_path"] = c.src_path;
  o["dest_path"] = c.dest_path;
  o["req_uri"] = c.req_uri;
  o["mapping_type"] = c.mapping_type;
  if (!c.mapping_rule.empty()) o["mapping_rule"] = c.mapping_rule;
  return o;
}

bj::object to_json(const deploy_request& r) {
  bj::object o;
  if (!r.service_name.empty()) o["service_name"] = r.service_name;
  if (!r.description.empty()) o["description"] = r.description;
  o["infer_type"] = real_time;
  put_network(o, r.vpc);
  if (!r.cluster_id.empty()) o["cluster_id"] = r.cluster_id;
  if (!r.pool_name.empty()) o["pool_name"] = r.pool_name;
  bj::array configs;
  for (const auto& c : r.configs) configs.push_back(to_json(c));
  o["config"] = std::move(configs);
  if (!r.schedules.empty()) {
    bj::array schedules;
    for (const auto& s : r.schedules)
      schedules.push_back(bj::object{{"op_type", s.op_type}, {"time_unit", s.time_unit}, {"duration", s.duration}});
    o["schedule"] = std::move(schedules);
  }
  return o;
}

bj::object to_json(const batch_deploy_request& r) {
  bj::object o;
  if (!r.service_name.empty()) o["service_name"] = r.service_name;
  if (!r.description.empty()) o["description"] = r.description;
  o["infer_type"] = batch;
  put_network(o, r.vpc);
  if (!r.cluster_id.empty()) o["cluster_id"] = r.cluster_id;
  o["config"] = bj::array{to_json(r.config)};
  return o;
}

bj::object to_json(const service_update& u) {
  bj::object o;
  if (u.description) o["description"] = *u.description;
  if (u.status) o["status"] = *u.status;
  if (u.configs) {
    bj::array configs;
    for (const auto& c : *u.configs) configs.push_back(to_json(c));
    o["config"] = std::move(configs);
  }
  if (u.batch_config) o["config"] = bj::array{to_json(*u.batch_config)};
  return o;
}

bj::object to_json(const property_update& u) {
  bj::object o;
  o["changed_property"] = u.changed_property;
  bj::array configs;
  for (const auto& c : u.configs)
    configs.push_back(bj::object{{"model_id", c.model_id}, {"changed_value", c.changed_value}});
  o["configs"] = std::move(configs);
  return o;
}

deploy_result deploy_result_from(const bj::object& o) {
  deploy_result r;
  r.service_id = text(o, "service_id");
  r.service_name = text(o, "service_name");
  r.resource_ids = text(o, "resource_ids");
  r.extra = unknown_fields(o, {"service_id", "service_name", "resource_ids"});
  return r;
}

service service_from(const bj::object& o) {
  service s;
  s.service_id = text(o, "service_id");
  s.service_name = text(o, "service_name");
  s.description = text(o, "description");
  s.tenant = text(o, "tenant");
  s.project = text(o, "project");
  s.owner = text(o, "owner");
  s.publish_at = integer(o, "publish_at");
  s.infer_type = text(o, "infer_type");
  s.vpc_id = text(o, "vpc_id");
  s.subnet_network_id = text(o, "subnet_network_id");
  s.security_group_id = text(o, "security_group_id");
  s.cluster_id = text(o, "cluster_id");
  s.status = text(o, "status");
  s.error_msg = text(o, "error_msg");
  s.progress = small_int(o, "progress", 0);
  s.access_address = text(o, "access_addresses");
  s.invocation_times = integer(o, "invocation_times");
  // S1 Table 8-15 spells it `failed_time_s`; accept that too.
  s.failed_times = integer(o, "failed_times", integer(o, "failed_time_s"));
  s.is_shared = boolean(o, "is_shared");
  s.shared_count = integer(o, "shared_count");
  const bool is_batch = s.infer_type == batch;
  for (const auto& item : array_field(o, "config")) {
    if (!item.is_object()) continue;
    if (is_batch) s.batch_configs.push_back(transformer_config_from(item.get_object()));
    else s.configs.push_back(service_config_from(item.get_object()));
  }
  s.extra = unknown_fields(o, {"service_id", "service_name", "description", "tenant", "project", "owner", "publish_at",
                               "infer_type", "vpc_id", "subnet_network_id", "security_group_id", "cluster_id",
                               "status", "error_msg", "progress", "access_addresses", "invocation_times",
                               "failed_times", "failed_time_s", "is_shared", "shared_count", "config"});
  return s;
}

service_page page_from(const bj::object& o) {
  service_page p;
  for (const auto& item : array_field(o, "services"))
    if (item.is_object()) p.services.push_back(service_from(item.get_object()));
  p.count = integer(o, "count", static_cast<long long>(p.services.size()));
  p.total_count = integer(o, "total_count", p.count);
  return p;
}

update_result update_result_from(const bj::object& o) {
  update_result r;
  r.update_time = text(o, "update_time");
  r.resource_ids = text(o, "resource_ids");
  r.extra = unknown_fields(o, {"update_time", "resource_ids"});
  return r;
}

service_monitor monitor_from(const bj::object& o) {
  service_monitor m;
  m.service_id = text(o, "service_id");
  m.service_name = text(o, "service_name");
  for (const auto& item : array_field(o, "monitors")) {
    if (!item.is_object()) continue;
    const auto& i = item.get_object();
    model_monitor mm;
    mm.model_id = text(i, "model_id");
    mm.model_name = text(i, "model_name");
    mm.model_version = text(i, "model_version");
    mm.invocation_times = integer(i, "invocation_times");
    mm.failed_times = integer(i, "failed_times");
    mm.cpu_core_usage = number(i, "cpu_core_usage");
    mm.cpu_core_total = number(i, "cpu_core_total");
    mm.cpu_memory_usage = integer(i, "cpu_memory_usage");
    mm.cpu_memory_total = integer(i, "cpu_memory_total");
    mm.gpu_usage = number(i, "gpu_usage");
    mm.gpu_total = number(i, "gpu_total");
    m.monitors.push_back(std::move(mm));
  }
  return m;
}

service_logs logs_from(const bj::object& o) {
  service_logs l;
  l.service_id = text(o, "service_id");
  l.service_name = text(o, "service_name");
  for (const auto& item : array_field(o, "logs")) {
    if (!item.is_object()) continue;
    const auto& i = item.get_object();
    service_log log;
    log.update_time = integer(i, "update_time");
    log.result = text(i, "result");
    for (const auto& c : array_field(i, "config"))
      if (c.is_object()) log.config.push_back(service_config_from(c.get_object()));
    log.extra = unknown_fields(i, {"update_time", "result", "config"});
    l.logs.push_back(std::move(log));
  }
  return l;
}

} // namespace modelarts::services::json
