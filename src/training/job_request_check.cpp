#include "training/job_request_check.hpp"

#include "modelarts/error.hpp"

#include <algorithm>
#include <cctype>

namespace modelarts::training {
namespace {

[[noreturn]] void refuse(const std::string& why) {
  throw boost::system::system_error(make_error_code(errc::invalid_argument), why);
}

void check_name(const std::string& name, const char* what) {
  if (name.empty() || name.size() > 64) refuse(std::string(what) + " name must have 1 to 64 characters");
  const bool valid = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
  });
  if (!valid) refuse(std::string(what) + " name '" + name + "' may hold only letters, digits, '_' and '-'");
}

void check_description(const std::string& description, const char* what) {
  if (description.size() > 256) refuse(std::string(what) + " description is longer than 256 characters");
}

void check_parameters(const std::vector<parameter>& parameters) {
  for (const auto& p : parameters) {
    if (p.name.empty()) refuse("a run parameter has no name");
  }
}

} // namespace

void check_resource_id(const std::string& id, const char* what) {
  if (id.empty() || id.find('/') != std::string::npos)
    refuse(std::string(what) + " id '" + id + "' is empty or holds a '/'");
}

void check_job_request(const job_request& r, const flavor* known_flavor) {
  check_name(r.name, "job");
  check_description(r.description, "job");

  const bool by_id = !r.algorithm_id.empty();
  const bool by_code = !r.code_dir.empty() || !r.boot_file.empty();
  const bool by_image = !r.engine.image_url.empty();
  const int sources = int{by_id} + int{by_code} + int{by_image};
  if (sources != 1)
    refuse("a job needs exactly one algorithm source: algorithm_id, code_dir + boot_file + engine, or "
           "engine.image_url + command (" + std::to_string(sources) + " given)");
  if (by_code) {
    if (r.code_dir.empty() || r.boot_file.empty()) refuse("code_dir and boot_file go together");
    if (r.engine.engine_id.empty() && (r.engine.engine_name.empty() || r.engine.engine_version.empty()))
      refuse("a job from code needs an engine: engine_id, or engine_name + engine_version");
  }
  if (by_image && r.command.empty()) refuse("a custom-image job needs a boot command");
  check_parameters(r.parameters);

  for (const auto& in : r.inputs) {
    if (in.name.empty()) refuse("an input has no name");
    if (in.obs_url.has_value() == in.dataset.has_value())
      refuse("input '" + in.name + "' needs exactly one of an OBS path and a dataset version");
    if (in.dataset && (in.dataset->id.empty() || in.dataset->version_id.empty()))
      refuse("input '" + in.name + "' needs both the dataset id and the version id");
  }
  for (const auto& out : r.outputs) {
    if (out.name.empty()) refuse("an output has no name");
    if (!out.obs_url || out.obs_url->empty()) refuse("output '" + out.name + "' needs an OBS path");
  }

  if (r.flavor_id.empty()) refuse("a job needs a flavor_id (list_flavors gives them)");
  if (r.node_count < 1) refuse("node_count must be at least 1 (" + std::to_string(r.node_count) + " given)");
  if (known_flavor != nullptr) {
    if (known_flavor->flavor_id != r.flavor_id)
      refuse("the flavor given (" + known_flavor->flavor_id + ") is not the job's (" + r.flavor_id + ")");
    const int max_num = known_flavor->info.max_num;
    if (max_num > 0 && r.node_count > max_num)
      refuse("node_count " + std::to_string(r.node_count) + " exceeds the flavor " + r.flavor_id +
             "'s max_num " + std::to_string(max_num));
  }
}

void check_algorithm_request(const algorithm_request& r) {
  check_name(r.name, "algorithm");
  check_description(r.description, "algorithm");
  const bool by_code = !r.code_dir.empty() || !r.boot_file.empty();
  const bool by_image = !r.engine.image_url.empty();
  if (by_code == by_image)
    refuse("an algorithm needs either code_dir + boot_file + engine or engine.image_url + command");
  if (by_code && (r.code_dir.empty() || r.boot_file.empty())) refuse("code_dir and boot_file go together");
  if (by_code && r.engine.engine_id.empty() && (r.engine.engine_name.empty() || r.engine.engine_version.empty()))
    refuse("an algorithm from code needs an engine: engine_id, or engine_name + engine_version");
  if (by_image && r.command.empty()) refuse("a custom-image algorithm needs a boot command");
  check_parameters(r.parameters);
}

} // namespace modelarts::training
