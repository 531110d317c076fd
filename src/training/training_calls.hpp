// The calls the training operations share: paths and a JSON call with options.
#pragma once

#include "client/client_core.hpp"
#include "modelarts/training/job.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <memory>
#include <string>

namespace modelarts::training::calls {

/// `/v2/{project_id}/training-jobs`, or `.../training-jobs/{id}` with an id.
std::string jobs_path(const detail::client_core& core, const std::string& job_id = {});
/// `/v2/{project_id}/algorithms`, or `.../algorithms/{id}` with an id.
std::string algorithms_path(const detail::client_core& core, const std::string& algorithm_id = {});

/// Executes with `options` and parses the JSON object answer (`what` names the operation).
boost::asio::awaitable<boost::json::object> execute_json(detail::client_core& core, http::request req,
                                                         const char* what, http::call_options options = {});

/// A request with a JSON body.
http::request json_request(const detail::client_core& core, std::string method, const std::string& path,
                           const boost::json::object& body);

/// GET one job; `options` bound the call (the waiter passes the time left).
boost::asio::awaitable<job> fetch_job(std::shared_ptr<detail::client_core> core, std::string job_id,
                                      http::call_options options = {});

} // namespace modelarts::training::calls
