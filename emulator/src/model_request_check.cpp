#include "model_request_check.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <string_view>

namespace modelarts::emulator {

namespace {

namespace json = boost::json;

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::string> name_problem(std::string_view name) {
  if (name.empty() || name.size() > 64) return "model_name must have 1 to 64 characters.";
  if (!is_letter(name.front())) return "model_name must start with a letter.";
  const bool allowed = std::all_of(name.begin(), name.end(),
                                   [](char c) { return is_letter(c) || is_digit(c) || c == '_' || c == '-'; });
  if (!allowed) return "model_name may contain only letters, digits, '_' and '-'.";
  return std::nullopt;
}

/// Three dot-separated numbers 0–99 without leading zeros ("1.0.0", "0.1.0").
bool valid_version(std::string_view v) {
  int parts = 0;
  while (true) {
    const auto dot = v.find('.');
    const auto part = v.substr(0, dot);
    if (part.empty() || part.size() > 2 || !std::all_of(part.begin(), part.end(), is_digit)) return false;
    if (part.size() == 2 && part.front() == '0') return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    v.remove_prefix(dot + 1);
  }
  return parts == 3;
}

std::string_view text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

std::optional<std::string> params_problem(const json::object& body, std::string_view key) {
  const auto* v = body.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) return std::string(key) + " must be an array.";
  static constexpr std::array<std::string_view, 6> types = {"string", "object", "array",
                                                            "boolean", "number", "integer"};
  for (const auto& p : v->get_array()) {
    if (!p.is_object()) return std::string(key) + " items must be objects.";
    const auto& o = p.get_object();
    if (text(o, "url").empty()) return std::string(key) + ".url is mandatory.";
    const auto name = text(o, "param_name");
    if (name.empty() || name.size() > 64) return std::string(key) + ".param_name must have 1 to 64 characters.";
    if (std::find(types.begin(), types.end(), text(o, "param_type")) == types.end())
      return std::string(key) + ".param_type must be a JSON schema base type.";
  }
  return std::nullopt;
}

std::optional<std::string> dependencies_problem(const json::object& body) {
  const auto* v = body.if_contains("dependencies");
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) return "dependencies must be an array.";
  for (const auto& d : v->get_array()) {
    if (!d.is_object()) return "dependencies items must be objects.";
    if (text(d.get_object(), "installer") != "pip") return "dependencies.installer must be pip.";
    const auto* packages = d.get_object().if_contains("packages");
    if (packages == nullptr || !packages->is_array() || packages->get_array().empty())
      return "dependencies.packages must be a non-empty array.";
    for (const auto& p : packages->get_array()) {
      if (!p.is_object() || text(p.get_object(), "package_name").empty())
        return "dependencies.packages.package_name is mandatory.";
      const auto restraint = text(p.get_object(), "restraint");
      if (!restraint.empty() && restraint != "EXACT" && restraint != "ATLEAST" && restraint != "ATMOST")
        return "dependencies.packages.restraint must be EXACT, ATLEAST or ATMOST.";
      if (!text(p.get_object(), "package_version").empty() && restraint.empty())
        return "dependencies.packages.restraint is mandatory with a package_version.";
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> create_request_problem(const json::object& body) {
  for (const auto* key : {"model_name", "model_version", "source_location", "model_type"}) {
    const auto* v = body.if_contains(key);
    if (v == nullptr || !v->is_string() || v->get_string().empty()) return std::string(key) + " is mandatory.";
  }
  if (auto p = name_problem(text(body, "model_name"))) return p;
  if (!valid_version(text(body, "model_version")))
    return "model_version must be three numbers 0-99 separated by dots, without leading zeros.";
  static constexpr std::array<std::string_view, 8> types = {"TensorFlow", "MXNet",     "Spark_MLlib", "Scikit_Learn",
                                                            "XGBoost",    "MindSpore", "Image",       "PyTorch"};
  if (std::find(types.begin(), types.end(), text(body, "model_type")) == types.end())
    return "model_type is not a supported type.";
  const auto description = text(body, "description");
  if (description.size() > 100) return "description must have at most 100 characters.";
  if (description.find_first_of("!<>=&\"'") != std::string_view::npos)
    return "description must not contain any of !<>=&\"'.";
  if (auto p = params_problem(body, "input_params")) return p;
  if (auto p = params_problem(body, "output_params")) return p;
  return dependencies_problem(body);
}

} // namespace modelarts::emulator
