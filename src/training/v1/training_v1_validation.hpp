// Checks made before a legacy v1 training request is sent. Each throws
// system_error(errc::invalid_argument) naming the field and the rule.
#pragma once

#include "modelarts/training/v1/types.hpp"

#include <cstdint>
#include <string_view>

namespace modelarts::training::v1::validation {

/// 1–`max_length` letters, digits, `-`, `_` (job names 64, config and
/// visualization job names 20).
void check_name(std::string_view field, std::string_view value, std::size_t max_length);
/// At most 256 characters.
void check_description(std::string_view field, std::string_view value);
/// A positive id.
void check_id(std::string_view field, std::int64_t value);
/// `per_page` within [1, max], `page` ≥ 1, `order` empty/asc/desc, search ≤ 100.
void check_page(int per_page, int page, int max_per_page, std::string_view order, std::string_view search);
/// At least one node; code + boot file, a built-in algorithm, or an image + command.
void check_run_config(const run_config& config);

void check(const job_create_request& request);
void check(const version_create_request& request);
void check(const job_config& config);
void check(const visualization_create_request& request);

} // namespace modelarts::training::v1::validation
