// Legacy v1 training calls. The URIs are inferred (the seeds give none; see
// the header and docs/training-v1.md).
#include "modelarts/training/v1/training_client.hpp"

#include "client/client_core.hpp"
#include "client/poll_loop.hpp"
#include "core/json_fields.hpp"
#include "training/v1/training_v1_json.hpp"
#include "training/v1/training_v1_validation.hpp"
#include "training/v1/version_wait.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>

namespace modelarts::training::v1 {
namespace {

using core_ptr = std::shared_ptr<detail::client_core>;
namespace json = boost::json;

std::string base(const detail::client_core& core, std::string_view collection) {
  return "/v1/" + core.project_id() + "/" + std::string(collection);
}
std::string job_path(const detail::client_core& core, std::int64_t job_id) {
  return base(core, "training-jobs") + "/" + std::to_string(job_id);
}
std::string version_path(const detail::client_core& core, std::int64_t job_id, std::int64_t version_id) {
  return job_path(core, job_id) + "/versions/" + std::to_string(version_id);
}
std::string config_path(const detail::client_core& core, const std::string& name) {
  return base(core, "training-job-configs") + "/" + name;
}
std::string visualization_path(const detail::client_core& core, std::int64_t job_id) {
  return base(core, "visualization-jobs") + "/" + std::to_string(job_id);
}

http::request with_body(http::request req, const json::object& body) {
  req.body = json::serialize(body);
  req.headers.set("Content-Type", "application/json");
  return req;
}

void add_page_query(http::request& req, int per_page, int page, const std::string& sort_by, const std::string& order,
                    const std::string& search) {
  req.query.push_back({"per_page", std::to_string(per_page)});
  req.query.push_back({"page", std::to_string(page)});
  if (!sort_by.empty()) req.query.push_back({"sortBy", sort_by});
  if (!order.empty()) req.query.push_back({"order", order});
  if (!search.empty()) req.query.push_back({"search_content", search});
}

// Free coroutines own a reference to the client state: a temporary
// training_client may be gone by the time the operation runs.
boost::asio::awaitable<void> call(core_ptr core, http::request req) { co_await core->execute(std::move(req)); }

boost::asio::awaitable<job_created> create_job_op(core_ptr core, job_create_request r) {
  auto req = with_body(core->modelarts_request("POST", base(*core, "training-jobs")), to_json(r));
  co_return job_created_from_json(co_await core->execute_json(std::move(req), "create training job"));
}

boost::asio::awaitable<job_page> list_jobs_op(core_ptr core, job_query q) {
  auto req = core->modelarts_request("GET", base(*core, "training-jobs"));
  if (q.status) req.query.push_back({"status", std::to_string(static_cast<int>(*q.status))});
  add_page_query(req, q.per_page, q.page, q.sort_by, q.order, q.search_content);
  co_return job_page_from_json(co_await core->execute_json(std::move(req), "list training jobs"));
}

boost::asio::awaitable<job_created> create_version_op(core_ptr core, std::int64_t job_id, version_create_request r) {
  auto req = with_body(core->modelarts_request("POST", job_path(*core, job_id) + "/versions"), to_json(r));
  co_return job_created_from_json(co_await core->execute_json(std::move(req), "create training job version"));
}

boost::asio::awaitable<version_list> list_versions_op(core_ptr core, std::int64_t job_id) {
  auto req = core->modelarts_request("GET", job_path(*core, job_id) + "/versions");
  co_return version_list_from_json(co_await core->execute_json(std::move(req), "list training job versions"));
}

boost::asio::awaitable<job_version> get_version_op(core_ptr core, std::int64_t job_id, std::int64_t version_id,
                                                   http::call_options options = {}) {
  auto req = core->modelarts_request("GET", version_path(*core, job_id, version_id));
  const auto res = co_await core->execute(std::move(req), options);
  co_return job_version_from_json(json_fields::parse_object(res.body, "get training job version"));
}

boost::asio::awaitable<job_version> wait_op(core_ptr core, std::int64_t job_id, std::int64_t version_id,
                                            wait_policy policy, version_progress on_progress) {
  auto poll = [core, job_id, version_id](std::chrono::steady_clock::time_point deadline)
      -> boost::asio::awaitable<job_version> {
    // A poll never outlives the wait: its call is bounded by what is left.
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    http::call_options options;
    options.total_timeout = std::max(left, std::chrono::milliseconds(1));
    co_return co_await get_version_op(core, job_id, version_id, options);
  };
  auto judge = [&on_progress](const job_version& v) {
    if (on_progress) on_progress(v);
    return version_wait_over(v);
  };
  auto on_deadline = [](const job_version& last) { version_wait_timed_out(last); };
  co_return co_await detail::poll_until<job_version>(policy, std::move(poll), std::move(judge),
                                                     std::move(on_deadline));
}

boost::asio::awaitable<config_page> list_configs_op(core_ptr core, config_query q) {
  auto req = core->modelarts_request("GET", base(*core, "training-job-configs"));
  add_page_query(req, q.per_page, q.page, q.sort_by, q.order, q.search_content);
  co_return config_page_from_json(co_await core->execute_json(std::move(req), "list training job configs"));
}

boost::asio::awaitable<job_config> get_config_op(core_ptr core, std::string name) {
  auto req = core->modelarts_request("GET", config_path(*core, name));
  co_return job_config_from_json(co_await core->execute_json(std::move(req), "get training job config"));
}

boost::asio::awaitable<visualization_job> create_visualization_op(core_ptr core, visualization_create_request r) {
  auto req = with_body(core->modelarts_request("POST", base(*core, "visualization-jobs")), to_json(r));
  auto answer = co_await core->execute_json(std::move(req), "create visualization job");
  auto job = visualization_job_from_json(answer);
  // The answer does not repeat what was asked for.
  if (job.job_desc.empty()) job.job_desc = r.job_desc;
  if (job.train_url.empty()) job.train_url = r.train_url;
  co_return job;
}

boost::asio::awaitable<visualization_page> list_visualization_op(core_ptr core, visualization_query q) {
  auto req = core->modelarts_request("GET", base(*core, "visualization-jobs"));
  if (q.status) req.query.push_back({"status", std::to_string(static_cast<int>(*q.status))});
  add_page_query(req, q.per_page, q.page, q.sort_by, q.order, q.search_content);
  co_return visualization_page_from_json(co_await core->execute_json(std::move(req), "list visualization jobs"));
}

boost::asio::awaitable<visualization_job> get_visualization_op(core_ptr core, std::int64_t job_id) {
  auto req = core->modelarts_request("GET", visualization_path(*core, job_id));
  co_return visualization_job_from_json(co_await core->execute_json(std::move(req), "get visualization job"));
}

boost::asio::awaitable<std::vector<built_in_algorithm>> list_algorithms_op(core_ptr core) {
  auto req = core->modelarts_request("GET", base(*core, "built-in-algorithms"));
  co_return built_in_algorithms_from_json(co_await core->execute_json(std::move(req), "list built-in algorithms"));
}

} // namespace

boost::asio::awaitable<job_created> training_client::create_job(job_create_request request) const {
  validation::check(request);
  return create_job_op(core_, std::move(request));
}

boost::asio::awaitable<job_page> training_client::list_jobs(job_query query) const {
  validation::check_page(query.per_page, query.page, 1000, query.order, query.search_content);
  return list_jobs_op(core_, std::move(query));
}

boost::asio::awaitable<void> training_client::update_job_description(std::int64_t job_id, std::string job_desc) const {
  validation::check_id("job_id", job_id);
  validation::check_description("job_desc", job_desc);
  return call(core_, with_body(core_->modelarts_request("PUT", job_path(*core_, job_id)),
                               json::object{{"job_desc", job_desc}}));
}

boost::asio::awaitable<void> training_client::delete_job(std::int64_t job_id) const {
  validation::check_id("job_id", job_id);
  return call(core_, core_->modelarts_request("DELETE", job_path(*core_, job_id)));
}

boost::asio::awaitable<job_created> training_client::create_version(std::int64_t job_id,
                                                                    version_create_request request) const {
  validation::check_id("job_id", job_id);
  validation::check(request);
  return create_version_op(core_, job_id, std::move(request));
}

boost::asio::awaitable<version_list> training_client::list_versions(std::int64_t job_id) const {
  validation::check_id("job_id", job_id);
  return list_versions_op(core_, job_id);
}

boost::asio::awaitable<job_version> training_client::get_version(std::int64_t job_id, std::int64_t version_id) const {
  validation::check_id("job_id", job_id);
  validation::check_id("version_id", version_id);
  return get_version_op(core_, job_id, version_id);
}

boost::asio::awaitable<void> training_client::stop_version(std::int64_t job_id, std::int64_t version_id) const {
  validation::check_id("job_id", job_id);
  validation::check_id("version_id", version_id);
  return call(core_, core_->modelarts_request("POST", version_path(*core_, job_id, version_id) + "/stop"));
}

boost::asio::awaitable<void> training_client::delete_version(std::int64_t job_id, std::int64_t version_id) const {
  validation::check_id("job_id", job_id);
  validation::check_id("version_id", version_id);
  return call(core_, core_->modelarts_request("DELETE", version_path(*core_, job_id, version_id)));
}

boost::asio::awaitable<job_version> training_client::wait_for_version(std::int64_t job_id, std::int64_t version_id,
                                                                      wait_policy policy,
                                                                      version_progress on_progress) const {
  validation::check_id("job_id", job_id);
  validation::check_id("version_id", version_id);
  return wait_op(core_, job_id, version_id, policy, std::move(on_progress));
}

boost::asio::awaitable<void> training_client::create_config(job_config config) const {
  validation::check(config);
  return call(core_, with_body(core_->modelarts_request("POST", base(*core_, "training-job-configs")),
                               to_json(config)));
}

boost::asio::awaitable<config_page> training_client::list_configs(config_query query) const {
  validation::check_page(query.per_page, query.page, 1000, query.order, query.search_content);
  return list_configs_op(core_, std::move(query));
}

boost::asio::awaitable<job_config> training_client::get_config(std::string config_name) const {
  validation::check_name("config_name", config_name, 20);
  return get_config_op(core_, std::move(config_name));
}

boost::asio::awaitable<void> training_client::update_config(job_config config) const {
  validation::check(config);
  auto body = to_json(config);
  body.erase("config_name"); // named by the path
  return call(core_, with_body(core_->modelarts_request("PUT", config_path(*core_, config.config_name)), body));
}

boost::asio::awaitable<void> training_client::delete_config(std::string config_name) const {
  validation::check_name("config_name", config_name, 20);
  return call(core_, core_->modelarts_request("DELETE", config_path(*core_, config_name)));
}

boost::asio::awaitable<visualization_job>
training_client::create_visualization_job(visualization_create_request request) const {
  validation::check(request);
  return create_visualization_op(core_, std::move(request));
}

boost::asio::awaitable<visualization_page> training_client::list_visualization_jobs(visualization_query query) const {
  validation::check_page(query.per_page, query.page, 100, query.order, query.search_content);
  return list_visualization_op(core_, std::move(query));
}

boost::asio::awaitable<visualization_job> training_client::get_visualization_job(std::int64_t job_id) const {
  validation::check_id("job_id", job_id);
  return get_visualization_op(core_, job_id);
}

boost::asio::awaitable<void> training_client::update_visualization_job(std::int64_t job_id,
                                                                       std::string job_desc) const {
  validation::check_id("job_id", job_id);
  validation::check_description("job_desc", job_desc);
  return call(core_, with_body(core_->modelarts_request("PUT", visualization_path(*core_, job_id)),
                               json::object{{"job_desc", job_desc}}));
}

boost::asio::awaitable<void> training_client::stop_visualization_job(std::int64_t job_id) const {
  validation::check_id("job_id", job_id);
  return call(core_, core_->modelarts_request("POST", visualization_path(*core_, job_id) + "/stop"));
}

boost::asio::awaitable<void> training_client::restart_visualization_job(std::int64_t job_id) const {
  validation::check_id("job_id", job_id);
  return call(core_, core_->modelarts_request("POST", visualization_path(*core_, job_id) + "/restart"));
}

boost::asio::awaitable<void> training_client::delete_visualization_job(std::int64_t job_id) const {
  validation::check_id("job_id", job_id);
  return call(core_, core_->modelarts_request("DELETE", visualization_path(*core_, job_id)));
}

boost::asio::awaitable<std::vector<built_in_algorithm>> training_client::list_built_in_algorithms() const {
  return list_algorithms_op(core_);
}

} // namespace modelarts::training::v1
