#include "modelarts/services/service_client.hpp"

#include "client/client_core.hpp"
#include "client/poll_loop.hpp"
#include "core/json_fields.hpp"
#include "services/service_json.hpp"
#include "services/service_validation.hpp"
#include "services/service_wait.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace modelarts {
namespace {

using core_ptr = std::shared_ptr<detail::client_core>;
using namespace services;

std::string services_path(const detail::client_core& core) { return "/v1/" + core.project_id() + "/services"; }

std::string service_path(const detail::client_core& core, const std::string& id) {
  validation::check_service_id(id);
  return services_path(core) + "/" + id;
}

http::request json_request(const detail::client_core& core, std::string method, const std::string& path,
                           const boost::json::object& body) {
  auto req = core.modelarts_request(std::move(method), path);
  req.body = boost::json::serialize(body);
  req.headers.set("Content-Type", "application/json");
  return req;
}

// Free coroutines own a reference to the client state: a temporary
// service_client may be gone by the time the operation runs.
boost::asio::awaitable<deploy_result> deploy_op(core_ptr core, boost::json::object body) {
  auto req = json_request(*core, "POST", services_path(*core), body);
  co_return json::deploy_result_from(co_await core->execute_json(std::move(req), "deploy service"));
}

boost::asio::awaitable<service> get_op(core_ptr core, std::string id, http::call_options options = {}) {
  auto req = core->modelarts_request("GET", service_path(*core, id));
  const auto res = co_await core->execute(std::move(req), options);
  co_return json::service_from(json_fields::parse_object(res.body, "get service"));
}

http::request list_request(const detail::client_core& core, const service_query& q) {
  if (q.limit < 1 || q.limit > 1000)
    throw boost::system::system_error(make_error_code(errc::invalid_argument), "limit: must be from 1 to 1000");
  if (!q.order.empty() && q.order != "asc" && q.order != "desc")
    throw boost::system::system_error(make_error_code(errc::invalid_argument), "order: must be 'asc' or 'desc'");
  if (!q.sort_by.empty() && q.sort_by != "publish_at" && q.sort_by != "service_name")
    throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                      "sort_by: must be 'publish_at' or 'service_name'");
  if (!q.infer_type.empty() && q.infer_type != real_time && q.infer_type != batch)
    throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                      "infer_type: must be 'real-time' or 'batch'");
  auto req = core.modelarts_request("GET", services_path(core));
  auto put = [&req](const char* key, const std::string& value) {
    if (!value.empty()) req.query.push_back({key, value});
  };
  put("service_id", q.service_id);
  put("service_name", q.service_name);
  put("infer_type", q.infer_type);
  put("service_status", q.service_status);
  put("model_id", q.model_id);
  put("sort_by", q.sort_by);
  put("order", q.order);
  req.query.push_back({"offset", std::to_string(q.offset)});
  req.query.push_back({"limit", std::to_string(q.limit)});
  return req;
}

boost::asio::awaitable<service_page> list_op(core_ptr core, service_query query) {
  auto req = list_request(*core, query);
  co_return json::page_from(co_await core->execute_json(std::move(req), "list services"));
}

boost::asio::awaitable<update_result> put_op(core_ptr core, std::string path, boost::json::object body,
                                             const char* what) {
  auto req = json_request(*core, "PUT", path, body);
  const auto res = co_await core->execute(std::move(req));
  // Start, stop and description changes may answer with an empty body.
  if (res.body.empty()) co_return update_result{};
  co_return json::update_result_from(json_fields::parse_object(res.body, what));
}

boost::asio::awaitable<service_monitor> monitor_op(core_ptr core, std::string id) {
  auto req = core->modelarts_request("GET", service_path(*core, id) + "/monitor");
  co_return json::monitor_from(co_await core->execute_json(std::move(req), "service monitor"));
}

boost::asio::awaitable<service_logs> logs_op(core_ptr core, std::string id) {
  auto req = core->modelarts_request("GET", service_path(*core, id) + "/logs");
  co_return json::logs_from(co_await core->execute_json(std::move(req), "service logs"));
}

boost::asio::awaitable<void> remove_op(core_ptr core, std::string id) {
  auto req = core->modelarts_request("DELETE", service_path(*core, id));
  co_await core->execute(std::move(req));
}

boost::asio::awaitable<service> wait_op(core_ptr core, std::string id, service_target target, wait_policy policy,
                                        service_progress on_progress, concerning_policy concerning) {
  validation::check_service_id(id);
  auto poll = [core, id](std::chrono::steady_clock::time_point deadline) -> boost::asio::awaitable<service> {
    // A poll never outlives the wait: its call is bounded by what is left.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    http::call_options options;
    options.total_timeout = std::max(left, std::chrono::milliseconds(1));
    co_return co_await get_op(core, id, options);
  };
  auto judge = [&on_progress, target, concerning](const service& s) {
    if (on_progress) on_progress(s);
    return service_wait_over(s, target, concerning);
  };
  auto on_deadline = [target](const service& last) { service_wait_timed_out(last, target); };
  co_return co_await detail::poll_until<service>(policy, std::move(poll), std::move(judge), std::move(on_deadline));
}

} // namespace

namespace services {

service_pages::service_pages(std::shared_ptr<detail::client_core> core, service_query query)
    : core_(std::move(core)), query_(std::move(query)) {}

boost::asio::awaitable<std::optional<service_page>> service_pages::next() {
  if (done_) co_return std::nullopt;
  auto page = co_await list_op(core_, query_);
  ++query_.offset;
  // A short page is the last; an empty one means there was nothing more.
  if (page.services.size() < query_.limit) done_ = true;
  if (page.services.empty()) co_return std::nullopt;
  co_return page;
}

} // namespace services

boost::asio::awaitable<deploy_result> service_client::deploy(deploy_request request) const {
  validation::check(request);
  return deploy_op(core_, json::to_json(request));
}

boost::asio::awaitable<deploy_result> service_client::deploy_batch(batch_deploy_request request) const {
  validation::check(request);
  return deploy_op(core_, json::to_json(request));
}

boost::asio::awaitable<service> service_client::get(std::string service_id) const {
  validation::check_service_id(service_id);
  return get_op(core_, std::move(service_id));
}

boost::asio::awaitable<service_page> service_client::list(service_query query) const {
  (void)list_request(*core_, query); // refuses a bad query now, before anything is awaited
  return list_op(core_, std::move(query));
}

service_pages service_client::list_pages(service_query query) const {
  (void)list_request(*core_, query);
  return service_pages(core_, std::move(query));
}

boost::asio::awaitable<update_result> service_client::update(std::string service_id, service_update update) const {
  validation::check(update);
  return put_op(core_, service_path(*core_, service_id), json::to_json(update), "update service");
}

boost::asio::awaitable<update_result> service_client::update_property(std::string service_id,
                                                                      property_update update) const {
  validation::check(update);
  return put_op(core_, service_path(*core_, service_id) + "/property", json::to_json(update),
                "update service property");
}

boost::asio::awaitable<service_monitor> service_client::monitor(std::string service_id) const {
  validation::check_service_id(service_id);
  return monitor_op(core_, std::move(service_id));
}

boost::asio::awaitable<service_logs> service_client::logs(std::string service_id) const {
  validation::check_service_id(service_id);
  return logs_op(core_, std::move(service_id));
}

boost::asio::awaitable<void> service_client::remove(std::string service_id) const {
  validation::check_service_id(service_id);
  return remove_op(core_, std::move(service_id));
}

boost::asio::awaitable<service> service_client::wait_for_service(std::string service_id, service_target target,
                                                                 wait_policy policy, service_progress on_progress,
                                                                 concerning_policy concerning) const {
  validation::check_service_id(service_id);
  return wait_op(core_, std::move(service_id), target, policy, std::move(on_progress), concerning);
}

} // namespace modelarts
