// Legacy v1 training bodies: requests to JSON, answers from JSON. Numbers
// and strings are read tolerantly (json_fields); unknown fields go to `extra`.
#pragma once

#include "modelarts/training/v1/types.hpp"

#include <boost/json/object.hpp>

#include <vector>

namespace modelarts::training::v1 {

/// The run fields as the service names them (`parameter`, `data_source`…);
/// empty strings and zero ids are left out.
boost::json::object to_json(const run_config& config);
/// `{"job_name", "job_desc", "config": {...}}`
boost::json::object to_json(const job_create_request& request);
/// `{"job_desc", "config": {..., "pre_version_id"}}`
boost::json::object to_json(const version_create_request& request);
/// `{"config_name", "config_desc", <run fields>}`
boost::json::object to_json(const job_config& config);
/// `{"job_name", "job_desc", "config": {"train_url"}}`
boost::json::object to_json(const visualization_create_request& request);

run_config run_config_from_json(const boost::json::object& o);
job_created job_created_from_json(const boost::json::object& o);
job_version job_version_from_json(const boost::json::object& o);
job_page job_page_from_json(const boost::json::object& o);
version_list version_list_from_json(const boost::json::object& o);
job_config job_config_from_json(const boost::json::object& o);
config_page config_page_from_json(const boost::json::object& o);
visualization_job visualization_job_from_json(const boost::json::object& o);
visualization_page visualization_page_from_json(const boost::json::object& o);
std::vector<built_in_algorithm> built_in_algorithms_from_json(const boost::json::object& o);

} // namespace modelarts::training::v1
