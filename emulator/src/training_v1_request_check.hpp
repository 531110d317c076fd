// What the legacy v1 training routes accept. Each function returns nullopt for
// an acceptable request, else a message naming the field and the rule (the
// routes answer 400 ModelArts.2701 with it).
#pragma once

#include "training_v1_store.hpp"

#include "core/http_message.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace modelarts::emulator {

/// POST /training-jobs: job_name 1–64 of [A-Za-z0-9_-], job_desc ≤ 256, a run config.
std::optional<std::string> job_create_problem(const boost::json::object& body);
/// POST …/versions: a run config with a positive pre_version_id.
std::optional<std::string> version_create_problem(const boost::json::object& body);
/// POST/PUT /training-job-configs: config_name 1–20 (when `with_name`), config_desc ≤ 256, flat run fields.
std::optional<std::string> job_config_problem(const boost::json::object& body, bool with_name);
/// POST /visualization-jobs: job_name 1–20, job_desc ≤ 256, config.train_url.
std::optional<std::string> visualization_create_problem(const boost::json::object& body);
/// PUT of a job or visualization job: job_desc, a string ≤ 256.
std::optional<std::string> description_problem(const boost::json::object& body);

/// Reads status, per_page (1–`max_per_page`), page (≥ 1), sortBy/sort_by,
/// order (asc|desc) and search_content (≤ 100) into `out`.
std::optional<std::string> read_list_query(const http::request& req, std::size_t max_per_page, v1_list_query& out);

} // namespace modelarts::emulator
