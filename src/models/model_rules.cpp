#include "modelarts/models/model_rules.hpp"

#include "modelarts/error.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace modelarts::models {

namespace {

[[noreturn]] void refuse(std::string_view field, std::string_view value, std::string_view rule) {
  throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                    "create model: " + std::string(field) + " \"" + std::string(value) + "\": " +
                                        std::string(rule));
}

[[noreturn]] void refuse(std::string_view field, std::string_view rule) {
  throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                    "create model: " + std::string(field) + ": " + std::string(rule));
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 8> model_types = {"TensorFlow", "MXNet",     "Spark_MLlib", "Scikit_Learn",
                                                         "XGBoost",    "MindSpore", "Image",       "PyTorch"};
constexpr std::array<std::string_view, 6> param_types = {"string", "object", "array", "boolean", "number", "integer"};
constexpr std::array<std::string_view, 3> restraints = {"EXACT", "ATLEAST", "ATMOST"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& allowed, std::string_view value) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

void check_description(std::string_view field, std::string_view text, bool forbid_characters) {
  if (text.size() > 100) refuse(field, text.substr(0, 20), "at most 100 characters");
  if (forbid_characters && text.find_first_of("!<>=&\"'") != std::string_view::npos)
    refuse(field, text, "must not contain any of !<>=&\"'");
}

void check_params(std::string_view field, const std::vector<model_param>& params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& p = params[i];
    const auto where = std::string(field) + "[" + std::to_string(i) + "]";
    if (p.url.empty()) refuse(where + ".url", "is mandatory (the inference API path)");
    if (p.param_name.empty() || p.param_name.size() > 64)
      refuse(where + ".param_name", p.param_name, "must have 1 to 64 characters");
    if (!one_of(param_types, p.param_type))
      refuse(where + ".param_type", p.param_type, "must be string, object, array, boolean, number or integer");
    check_description(where + ".param_desc", p.param_desc, false);
    if (p.min && p.max && *p.min > *p.max) refuse(where + ".min", "must not exceed max");
  }
}

void check_dependencies(const std::vector<dependency>& dependencies) {
  for (std::size_t i = 0; i < dependencies.size(); ++i) {
    const auto& d = dependencies[i];
    const auto where = "dependencies[" + std::to_string(i) + "]";
    if (d.installer != "pip") refuse(where + ".installer", d.installer, "must be pip");
    if (d.packages.empty()) refuse(where + ".packages", "must name at least one package");
    for (std::size_t j = 0; j < d.packages.size(); ++j) {
      const auto& p = d.packages[j];
      const auto at = where + ".packages[" + std::to_string(j) + "]";
      if (p.package_name.empty()) refuse(at + ".package_name", "is mandatory");
      if (!p.restraint.empty() && !one_of(restraints, p.restraint))
        refuse(at + ".restraint", p.restraint, "must be EXACT, ATLEAST or ATMOST");
      if (!p.package_version.empty() && p.restraint.empty())
        refuse(at + ".restraint", "is mandatory when package_version is given");
    }
  }
}

/// `/bucket/...` or `obs://bucket/...` with a non-empty bucket.
bool is_obs_folder(std::string_view location) {
  for (std::string_view prefix : {"obs://", "s3://", "/"}) {
    if (location.starts_with(prefix)) {
      const auto rest = location.substr(prefix.size());
      return !rest.empty() && rest.front() != '/';
    }
  }
  return false;
}

} // namespace

void check_model_name(std::string_view name) {
  if (name.empty() || name.size() > 64) refuse("model_name", name, "must have 1 to 64 characters");
  if (!is_letter(name.front())) refuse("model_name", name, "must start with a letter");
  const auto bad = std::find_if(name.begin(), name.end(),
                                [](char c) { return !(is_letter(c) || is_digit(c) || c == '_' || c == '-'); });
  if (bad != name.end()) refuse("model_name", name, "may contain only letters, digits, '_' and '-'");
}

void check_model_version(std::string_view version) {
  const auto rule = "must be three numbers separated by dots (e.g. 1.0.0), each 0-99 without a leading zero";
  if (version.empty()) refuse("model_version", "is mandatory; " + std::string(rule));
  std::string_view rest = version;
  int parts = 0;
  for (;;) {
    const auto dot = rest.find('.');
    const auto part = rest.substr(0, dot);
    if (part.empty() || part.size() > 2 || !std::all_of(part.begin(), part.end(), is_digit) ||
        (part.size() == 2 && part.front() == '0'))
      refuse("model_version", version, rule);
    ++parts;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (parts != 3) refuse("model_version", version, rule);
}

void check_create_request(const create_model_request& r) {
  if (!r.model_name.empty()) check_model_name(r.model_name);
  check_model_version(r.model_version);
  if (!one_of(model_types, r.model_type))
    refuse("model_type", r.model_type,
           "must be TensorFlow, MXNet, Spark_MLlib, Scikit_Learn, XGBoost, MindSpore, Image or PyTorch");
  if (r.source_location.empty()) refuse("source_location", "is mandatory");
  const bool image = r.model_type == "Image";
  if (!image && r.location_type == source_location_type::obs_source && !is_obs_folder(r.source_location))
    refuse("source_location", r.source_location, "must be an OBS folder: /bucket/dir/ or obs://bucket/dir/");
  if (image && r.location_type == source_location_type::local_source)
    refuse("source_location_type", "a custom image model (model_type Image) cannot come from a local folder");
  check_description("description", r.description, true);
  if (!r.execution_code.empty()) {
    if (image) refuse("execution_code", "an Image model's inference code is built into the image");
    if (!r.execution_code.ends_with("/customize_service.py"))
      refuse("execution_code", r.execution_code, "must be the path of a file named customize_service.py");
  }
  if (!r.source_type.empty() && r.source_type != "auto")
    refuse("source_type", r.source_type, "must be empty or auto");
  if (!r.source_job_version.empty() && r.source_job_id.empty())
    refuse("source_job_version", "needs source_job_id");
  check_params("input_params", r.input_params);
  check_params("output_params", r.output_params);
  check_dependencies(r.dependencies);
}

} // namespace modelarts::models
