// The seeds' rules for a model import request (S1 Table 7-2), checked by the
// client before anything is sent. Each check throws
// boost::system::system_error(errc::invalid_argument) whose message names the
// field, the rule and the value that breaks it, e.g.
// `model_version "01.1.1": each number is 0-99 without a leading zero`.
#pragma once

#include <modelarts/models/model.hpp>

#include <string_view>

namespace modelarts::models {

/// 1–64 characters; letters, digits, '_' and '-'; starts with a letter.
void check_model_name(std::string_view name);

/// Three dot-separated numbers, each 0–99 without a leading zero. The seeds
/// contradict themselves (S1 says each number is 1–99, S0's own examples use
/// "0.1.0"); 0 is accepted so that those examples work, "01" never is.
void check_model_version(std::string_view version);

/// Every field of the request: the name (when given), the version, the
/// source location (an OBS folder `/bucket/...` or `obs://bucket/...` for
/// OBS_SOURCE), the model type, the description (≤ 100 characters, none of
/// !<>=&"'), execution_code (a path ending with customize_service.py, not
/// for Image models), each parameter (url, param_name 1–64, param_type a
/// JSON-schema base type, param_desc ≤ 100, min ≤ max), each dependency
/// (installer pip, at least one package, package_name, restraint EXACT,
/// ATLEAST or ATMOST, and mandatory with a version).
void check_create_request(const create_model_request& request);

} // namespace modelarts::models
