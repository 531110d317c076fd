// JSON bodies of the service APIs: requests written as the REST API names
// them (`config`, not the SDK's `configs`), answers read tolerantly (numbers
// or strings, unknown fields kept in `extra`).
#pragma once

#include "modelarts/services/service.hpp"

#include <boost/json/object.hpp>

namespace modelarts::services::json {

boost::json::object to_json(const deploy_request& r);
boost::json::object to_json(const batch_deploy_request& r);
boost::json::object to_json(const service_update& u);
boost::json::object to_json(const property_update& u);
boost::json::object to_json(const service_config& c);
boost::json::object to_json(const transformer_config& c);

deploy_result deploy_result_from(const boost::json::object& o);
service service_from(const boost::json::object& o);
service_page page_from(const boost::json::object& o);
update_result update_result_from(const boost::json::object& o);
service_monitor monitor_from(const boost::json::object& o);
service_logs logs_from(const boost::json::object& o);

} // namespace modelarts::services::json
