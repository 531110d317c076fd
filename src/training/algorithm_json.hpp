// Stored algorithms in JSON (`metadata` + `job_config`).
#pragma once

#include "modelarts/training/algorithm.hpp"

#include <boost/json/object.hpp>

namespace modelarts::training {

algorithm algorithm_from_json(const boost::json::object& o);
/// The body of create and update.
boost::json::object algorithm_request_to_json(const algorithm_request& r);
/// `{total, count, items:[...]}`.
algorithm_list algorithm_list_from_json(const boost::json::object& o);

} // namespace modelarts::training
