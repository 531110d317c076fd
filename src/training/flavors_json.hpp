// Reading flavors and engines from the service's JSON.
#pragma once

#include "modelarts/training/flavors.hpp"

#include <boost/json/object.hpp>

#include <vector>

namespace modelarts::training {

/// `{"total_count":…, "flavors":[…]}` → flavors. Items that are not objects are skipped.
std::vector<flavor> flavors_from_json(const boost::json::object& body);
/// `{"total":…, "items":[…]}` → engines.
std::vector<engine> engines_from_json(const boost::json::object& body);

} // namespace modelarts::training
