// The shape of a model package, checked before an import so that a package
// the service would reject fails at once with a clear message (S0 §10.2):
//
//   <source_location>/          what create_model_request::source_location names
//     model/
//       config.json             exactly one in the whole package
//       customize_service.py    the inference code, exactly one
//       <weights...>
//
// Custom image models (model_type "Image") have no package.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace modelarts::models {

/// What is wrong with a package, from its files' paths relative to the
/// package folder ('/'-separated); empty when the package is fine.
[[nodiscard]] std::vector<std::string> model_package_problems(const std::vector<std::string>& relative_files);

/// Checks a local package folder; throws system_error(errc::invalid_argument)
/// listing every problem (or saying that the folder does not exist).
void check_local_model_package(const std::filesystem::path& folder);

} // namespace modelarts::models
