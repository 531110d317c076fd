// Log previews, log links and metrics in JSON.
#pragma once

#include "modelarts/training/logs.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace modelarts::training {

/// `{content, current_size, full_size}`; a missing size is taken from the content.
log_preview log_preview_from_json(const boost::json::object& o);
/// `{"obs_url": "..."}` → the link; throws malformed_response without one.
std::string log_url_from_json(const boost::json::object& o);
/// `{"metrics":[{"metric", "value":[...]}]}`; -1 (or a non-number) → nullopt.
job_metrics metrics_from_json(const boost::json::object& o);

} // namespace modelarts::training
