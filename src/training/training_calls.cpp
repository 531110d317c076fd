#include "training/training_calls.hpp"

#include "core/json_fields.hpp"
#include "training/job_json.hpp"
#include "training/job_request_check.hpp"

#include <boost/json/serialize.hpp>

namespace modelarts::training::calls {

std::string jobs_path(const detail::client_core& core, const std::string& job_id) {
  auto path = "/v2/" + core.project_id() + "/training-jobs";
  if (!job_id.empty()) path += "/" + job_id;
  return path;
}

std::string algorithms_path(const detail::client_core& core, const std::string& algorithm_id) {
  auto path = "/v2/" + core.project_id() + "/algorithms";
  if (!algorithm_id.empty()) path += "/" + algorithm_id;
  return path;
}

boost::asio::awaitable<boost::json::object> execute_json(detail::client_core& core, http::request req,
                                                         const char* what, http::call_options options) {
  if (!req.body.empty() && !req.headers.contains("Content-Type")) req.headers.set("Content-Type", "application/json");
  const auto res = co_await core.execute(std::move(req), options);
  co_return json_fields::parse_object(res.body, what);
}

http::request json_request(const detail::client_core& core, std::string method, const std::string& path,
                           const boost::json::object& body) {
  auto req = core.modelarts_request(std::move(method), path);
  req.body = boost::json::serialize(body);
  req.headers.set("Content-Type", "application/json");
  return req;
}

boost::asio::awaitable<job> fetch_job(std::shared_ptr<detail::client_core> core, std::string job_id,
                                      http::call_options options) {
  check_resource_id(job_id, "training job");
  auto req = core->modelarts_request("GET", jobs_path(*core, job_id));
  co_return job_from_json(co_await execute_json(*core, std::move(req), "get training job", options));
}

} // namespace modelarts::training::calls
