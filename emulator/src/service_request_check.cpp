#include "service_request_check.hpp"

#include <boost/json/array.hpp>

#include <charconv>
#include <set>

namespace modelarts::emulator {
namespace {

namespace json = boost::json;

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (static_cast<unsigned char>(c) & 0x80U) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return n;
}

std::optional<std::string> name_problem(const json::object& body) {
  const auto* v = body.if_contains("service_name");
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) return "service_name must be a string.";
  const std::string_view name = v->get_string();
  if (name.empty() || characters(name) > 64) return "service_name must have 1 to 64 characters.";
  if (!is_letter(name.front())) return "service_name must start with a letter.";
  for (const char c : name)
    if (!is_letter(c) && !is_digit(c) && c != '-' && c != '_')
      return "service_name may contain only letters, digits, '-' and '_'.";
  return std::nullopt;
}

std::optional<std::string> description_problem(const json::object& body) {
  const auto* v = body.if_contains("description");
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) return "description must be a string.";
  if (characters(v->get_string()) > 100) return "description must have at most 100 characters.";
  return std::nullopt;
}

std::optional<std::string> instances_problem(const json::object& c, const std::string& field) {
  const auto n = loose_integer(c.if_contains("instance_count"));
  if (!n) return field + ".instance_count is mandatory and must be an integer.";
  if (*n < 1 || *n > 5) return field + ".instance_count must be from 1 to 5.";
  return std::nullopt;
}

std::optional<std::string> envs_problem(const json::object& c, const std::string& field) {
  const auto* v = c.if_contains("envs");
  if (v != nullptr && !v->is_object()) return field + ".envs must be an object of strings.";
  return std::nullopt;
}

std::optional<std::string> real_time_config_problem(const json::array& configs) {
  long long total = 0;
  std::set<std::string> models;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    const auto field = "config[" + std::to_string(i) + "]";
    if (!configs[i].is_object()) return field + " must be an object.";
    const auto& c = configs[i].get_object();
    const auto model = text_field(c, "model_id");
    if (model.empty()) return field + ".model_id is mandatory.";
    if (!models.insert(model).second) return field + ".model_id: each model may appear once.";
    if (text_field(c, "specification").empty()) return field + ".specification is mandatory.";
    if (auto p = instances_problem(c, field)) return p;
    if (auto p = envs_problem(c, field)) return p;
    const auto weight = loose_integer(c.if_contains("weight"));
    if (!weight) return field + ".weight is mandatory for a real-time service.";
    if (*weight < 0 || *weight > 100) return field + ".weight must be from 0 to 100.";
    total += *weight;
  }
  if (total != 100) return "The weights of the config must sum to 100.";
  return std::nullopt;
}

std::optional<std::string> batch_config_problem(const json::array& configs) {
  if (configs.size() != 1) return "A batch service takes exactly one config.";
  if (!configs[0].is_object()) return "config[0] must be an object.";
  const auto& c = configs[0].get_object();
  const std::string field = "config[0]";
  if (text_field(c, "model_id").empty()) return field + ".model_id is mandatory.";
  if (text_field(c, "specification").empty()) return field + ".specification is mandatory.";
  if (auto p = instances_problem(c, field)) return p;
  if (auto p = envs_problem(c, field)) return p;
  for (const auto* key : {"src_path", "dest_path", "req_uri", "mapping_type"})
    if (text_field(c, key).empty()) return field + "." + key + " is mandatory for a batch service.";
  const auto mapping = text_field(c, "mapping_type");
  const auto* rule = c.if_contains("mapping_rule");
  if (mapping == "csv" && (rule == nullptr || !rule->is_object() || rule->get_object().empty()))
    return field + ".mapping_rule is mandatory when mapping_type is csv.";
  if (mapping != "csv" && mapping != "file") return field + ".mapping_type must be file or csv.";
  return std::nullopt;
}

} // namespace

std::optional<long long> loose_integer(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<long long>(v->get_uint64());
  if (v->is_string()) {
    const auto s = v->get_string();
    long long out = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc{} && ptr == s.data() + s.size() && !s.empty()) return out;
  }
  return std::nullopt;
}

std::string text_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<std::string> configs_problem(const json::value* configs, std::string_view infer_type) {
  if (configs == nullptr || !configs->is_array() || configs->get_array().empty())
    return std::string("config is mandatory: at least one model.");
  return infer_type == "batch" ? batch_config_problem(configs->get_array())
                               : real_time_config_problem(configs->get_array());
}

std::optional<std::string> deploy_problem(const json::object& body) {
  if (auto p = name_problem(body)) return p;
  if (auto p = description_problem(body)) return p;
  const auto* type = body.if_contains("infer_type");
  std::string infer_type = "real-time";
  if (type != nullptr) {
    if (!type->is_string() || (type->get_string() != "real-time" && type->get_string() != "batch"))
      return std::string("infer_type must be real-time or batch.");
    infer_type = std::string(type->get_string());
  }
  if (!text_field(body, "vpc_id").empty() &&
      (text_field(body, "subnet_network_id").empty() || text_field(body, "security_group_id").empty()))
    return std::string("subnet_network_id and security_group_id are mandatory with vpc_id.");
  if (const auto* s = body.if_contains("schedule")) {
    if (infer_type == "batch") return std::string("schedule applies to real-time services only.");
    if (!s->is_array()) return std::string("schedule must be an array.");
    for (const auto& item : s->get_array()) {
      if (!item.is_object()) return std::string("schedule items must be objects.");
      const auto& o = item.get_object();
      if (text_field(o, "op_type") != "stop") return std::string("schedule.op_type must be stop.");
      const auto unit = text_field(o, "time_unit");
      if (unit != "DAYS" && unit != "HOURS" && unit != "MINUTES")
        return std::string("schedule.time_unit must be DAYS, HOURS or MINUTES.");
      const auto d = loose_integer(o.if_contains("duration"));
      if (!d || *d <= 0) return std::string("schedule.duration must be a positive integer.");
    }
  }
  return configs_problem(body.if_contains("config"), infer_type);
}

std::optional<std::string> update_problem(const json::object& body, std::string_view infer_type) {
  if (auto p = description_problem(body)) return p;
  if (const auto* s = body.if_contains("status")) {
    if (!s->is_string() || (s->get_string() != "running" && s->get_string() != "stopped"))
      return std::string("status must be running or stopped.");
  }
  if (const auto* c = body.if_contains("config"); c != nullptr && !body.contains("status"))
    return configs_problem(c, infer_type);
  if (!body.contains("description") && !body.contains("status") && !body.contains("config"))
    return std::string("Nothing to update: give description, status or config.");
  return std::nullopt;
}

} // namespace modelarts::emulator
