#include "services/service_validation.hpp"

#include "modelarts/error.hpp"

#include <set>
#include <string>
#include <string_view>

namespace modelarts::services::validation {
namespace {

constexpr std::size_t max_description = 100;
constexpr std::size_t max_name = 64;
constexpr int max_instances = 5;

[[noreturn]] void refuse(const std::string& field, const std::string& rule) {
  throw boost::system::system_error(make_error_code(errc::invalid_argument), field + ": " + rule);
}

/// Characters, not bytes: a UTF-8 continuation byte does not start one.
std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return n;
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
/// Non-ASCII bytes pass: S0 allows Chinese characters in names.
bool is_non_ascii(char c) { return (static_cast<unsigned char>(c) & 0x80U) != 0; }

void check_name(const std::string& name) {
  if (name.empty()) return; // optional: the service names it
  const auto n = characters(name);
  if (n > max_name) refuse("service_name", "at most 64 characters (got " + std::to_string(n) + ")");
  if (!is_ascii_letter(name.front()) && !is_non_ascii(name.front()))
    refuse("service_name", "must start with a letter");
  for (const char c : name) {
    if (!is_ascii_letter(c) && !is_digit(c) && c != '-' && c != '_' && !is_non_ascii(c))
      refuse("service_name", std::string("only letters, digits, '-' and '_' are allowed (found '") + c + "')");
  }
}

void check_description(const std::string& field, const std::string& d) {
  if (characters(d) > max_description) refuse(field, "at most 100 characters");
}

void check_instances(const std::string& field, long long n) {
  if (n < 1 || n > max_instances)
    refuse(field, "must be from 1 to 5 (got " + std::to_string(n) + "; more needs a service ticket)");
}

void check_envs(const std::string& field, const std::map<std::string, std::string>& envs) {
  for (const auto& [k, v] : envs)
    if (k.empty()) refuse(field, "an environment variable needs a name");
}

void check_network(const std::optional<network>& vpc) {
  if (!vpc) return;
  if (vpc->vpc_id.empty()) refuse("vpc.vpc_id", "required when custom networking is given");
  if (vpc->subnet_network_id.empty()) refuse("vpc.subnet_network_id", "required with vpc_id");
  if (vpc->security_group_id.empty()) refuse("vpc.security_group_id", "required with vpc_id");
}

void check_configs(const std::vector<service_config>& configs) {
  if (configs.empty()) refuse("configs", "at least one model is required");
  int total = 0;
  std::set<std::string> models;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    const auto& c = configs[i];
    const auto field = "configs[" + std::to_string(i) + "]";
    if (c.model_id.empty()) refuse(field + ".model_id", "required");
    if (!models.insert(c.model_id).second)
      refuse(field + ".model_id", "model " + c.model_id + " appears twice; each config needs a different model");
    if (c.specification.empty()) refuse(field + ".specification", "required (e.g. modelarts.vm.cpu.2u)");
    check_instances(field + ".instance_count", c.instance_count);
    if (c.weight < 0 || c.weight > 100) refuse(field + ".weight", "must be from 0 to 100");
    check_envs(field + ".envs", c.envs);
    total += c.weight;
  }
  if (total != 100) refuse("configs.weight", "the weights must sum to 100 (they sum to " + std::to_string(total) + ")");
}

void check_transformer(const std::string& field, const transformer_config& c) {
  if (c.model_id.empty()) refuse(field + ".model_id", "required");
  if (c.specification.empty()) refuse(field + ".specification", "required (e.g. modelarts.vm.cpu.2u)");
  check_instances(field + ".instance_count", c.instance_count);
  check_envs(field + ".envs", c.envs);
  if (c.src_path.empty()) refuse(field + ".src_path", "required (the OBS folder of the input)");
  if (c.dest_path.empty()) refuse(field + ".dest_path", "required (the OBS folder of the output)");
  if (c.req_uri.empty() || c.req_uri.front() != '/')
    refuse(field + ".req_uri", "required, a path starting with '/' (the model's inference API)");
  if (c.mapping_type == "csv") {
    if (c.mapping_rule.empty()) refuse(field + ".mapping_rule", "required when mapping_type is csv");
  } else if (c.mapping_type == "file") {
    if (!c.mapping_rule.empty()) refuse(field + ".mapping_rule", "only for mapping_type csv");
  } else {
    refuse(field + ".mapping_type", "must be 'file' or 'csv' (got '" + c.mapping_type + "')");
  }
}

void check_schedules(const std::vector<schedule>& schedules) {
  for (std::size_t i = 0; i < schedules.size(); ++i) {
    const auto& s = schedules[i];
    const auto field = "schedules[" + std::to_string(i) + "]";
    if (s.op_type != "stop") refuse(field + ".op_type", "only 'stop' is supported");
    if (s.time_unit != "DAYS" && s.time_unit != "HOURS" && s.time_unit != "MINUTES")
      refuse(field + ".time_unit", "must be DAYS, HOURS or MINUTES");
    if (s.duration <= 0) refuse(field + ".duration", "must be positive");
  }
}

} // namespace

void check(const deploy_request& r) {
  check_name(r.service_name);
  check_description("description", r.description);
  check_configs(r.configs);
  check_network(r.vpc);
  check_schedules(r.schedules);
}

void check(const batch_deploy_request& r) {
  check_name(r.service_name);
  check_description("description", r.description);
  check_transformer("config", r.config);
  check_network(r.vpc);
}

void check(const service_update& u) {
  if (u.status && (u.configs || u.batch_config))
    refuse("status", "cannot be changed in the same call as configs (the service would apply only the status); "
                     "send two updates");
  if (u.configs && u.batch_config) refuse("configs", "give either real-time configs or a batch config, not both");
  if (!u.description && !u.status && !u.configs && !u.batch_config)
    refuse("update", "nothing to change: give a description, a status or configs");
  if (u.description) check_description("description", *u.description);
  if (u.status && *u.status != "running" && *u.status != "stopped")
    refuse("status", "must be 'running' or 'stopped' (got '" + *u.status + "')");
  if (u.configs) check_configs(*u.configs);
  if (u.batch_config) check_transformer("batch_config", *u.batch_config);
}

void check(const property_update& u) {
  if (u.changed_property != "instance_count")
    refuse("changed_property", "only 'instance_count' can be changed (got '" + u.changed_property + "')");
  if (u.configs.empty()) refuse("configs", "at least one model's new value is required");
  std::set<std::string> models;
  for (std::size_t i = 0; i < u.configs.size(); ++i) {
    const auto field = "configs[" + std::to_string(i) + "]";
    if (u.configs[i].model_id.empty()) refuse(field + ".model_id", "required");
    if (!models.insert(u.configs[i].model_id).second) refuse(field + ".model_id", "model given twice");
    check_instances(field + ".changed_value", u.configs[i].changed_value);
  }
}

void check_service_id(const std::string& id) {
  if (id.empty()) refuse("service_id", "required");
  if (id.find('/') != std::string::npos || id == "." || id == "..")
    refuse("service_id", "must be one path segment");
}

} // namespace modelarts::services::validation
