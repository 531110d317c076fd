#include "modelarts/models/model_client.hpp"

#include "client/client_core.hpp"
#include "client/poll_loop.hpp"
#include "core/json_fields.hpp"
#include "modelarts/error.hpp"
#include "modelarts/models/model_package.hpp"
#include "modelarts/models/model_rules.hpp"
#include "modelarts/obs/obs_client.hpp"
#include "models/model_json.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdio>
#include <random>

namespace modelarts {

namespace {

using core_ptr = std::shared_ptr<detail::client_core>;
using models::model;

[[noreturn]] void refuse(const std::string& message) {
  throw boost::system::system_error(make_error_code(errc::invalid_argument), message);
}

void check_model_id(std::string_view id, const char* what) {
  if (id.empty()) refuse(std::string(what) + ": the model id is empty");
  if (id.find('/') != std::string_view::npos) refuse(std::string(what) + ": a model id has no '/'");
}

/// "model-" and 8 hex digits: the seeds say a name is generated when none is given.
std::string generated_model_name() {
  thread_local std::mt19937 generator{std::random_device{}()};
  char text[16];
  std::snprintf(text, sizeof text, "model-%08x", static_cast<unsigned>(generator()));
  return text;
}

/// An OBS folder in any accepted form, as a parsed path whose key ends with '/'.
obs::obs_path obs_folder_of(std::string_view folder, const char* what) {
  try {
    auto path = obs::obs_path::parse(folder);
    if (!path.key.empty() && path.key.back() != '/') path.key += '/';
    return path;
  } catch (const std::invalid_argument& e) {
    refuse(std::string(what) + ": \"" + std::string(folder) + "\" is not an OBS folder: " + e.what());
  }
}

std::string models_path(const detail::client_core& core) { return "/v1/" + core.project_id() + "/models"; }

boost::asio::awaitable<std::string> create_op(core_ptr core, models::create_model_request request) {
  if (request.location_type == models::source_location_type::local_source)
    refuse("create model: a LOCAL_SOURCE model is uploaded first: use model_client::publish_model");
  if (request.model_name.empty()) request.model_name = generated_model_name();
  models::check_create_request(request);
  auto req = core->modelarts_request("POST", models_path(*core));
  req.body = boost::json::serialize(models::to_json(request));
  req.headers.set("Content-Type", "application/json");
  req.idempotent = false; // a second import would be a second model (or a name clash)
  const auto answer = co_await core->execute_json(std::move(req), "create model");
  co_return models::model_id_from_json(answer);
}

boost::asio::awaitable<std::string> publish_op(core_ptr core, models::create_model_request request,
                                               std::string obs_folder, obs_transfer transfer) {
  if (request.model_name.empty()) request.model_name = generated_model_name();
  request.location_type = models::source_location_type::local_source;
  models::check_create_request(request);
  const auto destination = obs_folder_of(obs_folder, "publish model");
  const std::filesystem::path local = request.source_location;
  models::check_local_model_package(local);
  // Awaitables are made before the co_await (g++ 12 destroys some temporaries
  // of a co_await expression twice).
  auto upload = transfer.upload_folder(local, destination.str(), false);
  const auto uploaded = co_await std::move(upload);
  if (!uploaded.ok()) {
    const auto& first = uploaded.failures.front();
    throw boost::system::system_error(first.code, "publish model: uploading " + first.source + " to " +
                                                      first.destination + " failed: " + first.message + " (" +
                                                      std::to_string(uploaded.failures.size()) +
                                                      " file(s) failed; nothing was imported)");
  }
  request.source_location = "/" + destination.bucket + "/" + destination.key;
  request.location_type = models::source_location_type::obs_source;
  auto create = create_op(std::move(core), std::move(request));
  co_return co_await std::move(create);
}

boost::asio::awaitable<void> check_obs_package_op(core_ptr core, std::string folder) {
  const auto path = obs_folder_of(folder, "check model package");
  obs_client obs(core);
  auto listing = obs.list_all_objects(path.bucket, path.key);
  const auto objects = co_await std::move(listing);
  std::vector<std::string> files;
  for (const auto& o : objects) {
    if (!o.key.ends_with('/')) files.push_back(o.key.substr(path.key.size()));
  }
  const auto problems = models::model_package_problems(files);
  if (problems.empty()) co_return;
  std::string message = "model package " + path.str() + ":";
  for (const auto& p : problems) message += " " + p + ";";
  message.pop_back();
  refuse(message);
}

boost::asio::awaitable<model> get_op(core_ptr core, std::string id, http::call_options options = {}) {
  check_model_id(id, "get model");
  auto req = core->modelarts_request("GET", models_path(*core) + "/" + id);
  auto call = core->execute(std::move(req), options);
  const auto res = co_await std::move(call);
  co_return models::model_from_json(json_fields::parse_object(res.body, "get model"));
}

boost::asio::awaitable<models::model_list> list_op(core_ptr core, models::list_models_query q) {
  auto req = core->modelarts_request("GET", models_path(*core));
  auto put = [&req](const char* key, const std::string& value) {
    if (!value.empty()) req.query.push_back({key, value});
  };
  put("model_name", q.model_name);
  put("model_version", q.model_version);
  put("model_status", q.model_status);
  put("description", q.description);
  req.query.push_back({"offset", std::to_string(q.offset)});
  if (q.limit > 0) req.query.push_back({"limit", std::to_string(q.limit)});
  put("sort_by", q.sort_by);
  put("order", q.order);
  put("workspace_id", q.workspace_id);
  co_return models::model_list_from_json(co_await core->execute_json(std::move(req), "list models"));
}

boost::asio::awaitable<void> delete_op(core_ptr core, std::string id) {
  check_model_id(id, "delete model");
  auto req = core->modelarts_request("DELETE", models_path(*core) + "/" + id);
  co_await core->execute(std::move(req));
}

std::string describe(const model& m) {
  return "model " + m.model_name + " " + m.model_version + " (" + m.model_id + ")";
}

boost::asio::awaitable<model> wait_op(core_ptr core, std::string id, wait_policy policy) {
  check_model_id(id, "wait for model");
  auto poll = [core, id](std::chrono::steady_clock::time_point deadline) -> boost::asio::awaitable<model> {
    // A poll never outlives the wait: its call is bounded by what is left.
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    http::call_options options;
    options.total_timeout = std::max(left, std::chrono::milliseconds(1));
    auto get = get_op(core, id, options);
    co_return co_await std::move(get);
  };
  auto judge = [](const model& m) {
    if (m.is_published()) return true;
    if (m.is_failed()) {
      const auto reason = m.failure_reason.empty() ? std::string("the service gave no reason") : m.failure_reason;
      throw wait_error<model>(errc::resource_failed, describe(m) + " failed to publish: " + reason, m);
    }
    return false;
  };
  auto on_deadline = [](const model& last) {
    throw wait_error<model>(errc::wait_deadline_exceeded,
                            describe(last) + " is still " + last.model_status + " at the wait's deadline", last);
  };
  auto waiting = detail::poll_until<model>(policy, std::move(poll), std::move(judge), std::move(on_deadline));
  co_return co_await std::move(waiting);
}

} // namespace

boost::asio::awaitable<std::string> model_client::create_model(models::create_model_request request) const {
  return create_op(core_, std::move(request));
}

boost::asio::awaitable<std::string> model_client::publish_model(models::create_model_request request,
                                                                std::string obs_folder,
                                                                obs_transfer transfer) const {
  return publish_op(core_, std::move(request), std::move(obs_folder), std::move(transfer));
}

boost::asio::awaitable<void> model_client::check_obs_model_package(std::string obs_folder) const {
  return check_obs_package_op(core_, std::move(obs_folder));
}

boost::asio::awaitable<model> model_client::get_model(std::string model_id) const {
  return get_op(core_, std::move(model_id));
}

boost::asio::awaitable<models::model_list> model_client::list_models(models::list_models_query query) const {
  return list_op(core_, std::move(query));
}

model_pages model_client::list_model_pages(models::list_models_query query) const {
  return model_pages(core_, std::move(query));
}

boost::asio::awaitable<void> model_client::delete_model(std::string model_id) const {
  return delete_op(core_, std::move(model_id));
}

boost::asio::awaitable<model> model_client::wait_for_model(std::string model_id, wait_policy policy) const {
  return wait_op(core_, std::move(model_id), std::move(policy));
}

model_pages::model_pages(std::shared_ptr<detail::client_core> core, models::list_models_query query)
    : core_(std::move(core)), query_(std::move(query)) {}

boost::asio::awaitable<std::optional<std::vector<model>>> model_pages::next() {
  if (done_) co_return std::nullopt;
  auto fetch = list_op(core_, query_);
  auto page = co_await std::move(fetch);
  total_count_ = page.total_count;
  if (page.models.empty()) {
    done_ = true;
    co_return std::nullopt;
  }
  if (page_size_ == 0) page_size_ = query_.limit > 0 ? query_.limit : page.models.size();
  ++query_.offset;
  const auto through = static_cast<std::int64_t>(query_.offset * page_size_);
  if (through >= total_count_ || page.models.size() < page_size_) done_ = true;
  co_return std::move(page.models);
}

} // namespace modelarts
