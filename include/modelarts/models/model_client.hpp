// Models: import, list, get, delete, wait until published (S1 §7, S0 §10).
//
//   auto models = client.models();
//   auto request = models::create_model_request::from_obs("digits", "1.0.0", "/bucket/digits/", "PyTorch");
//   request.execution_code = "/bucket/digits/model/customize_service.py";
//   const auto id = co_await models.create_model(request);
//   const auto model = co_await models.wait_for_model(id, wait_policy(std::chrono::minutes(10)));
//
// REST (the seeds give no URI; these are the inventory's inferred paths):
// POST /v1/{project_id}/models → {"model_id"}; GET /v1/{project_id}/models
// (query filters, see list_models_query); GET and DELETE
// /v1/{project_id}/models/{model_id}.
#pragma once

#include <modelarts/models/model.hpp>
#include <modelarts/obs/transfer.hpp>
#include <modelarts/wait_policy.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace modelarts {

namespace detail {
class client_core;
}

/// The pages of a list call, fetched one at a time as they are asked for:
///
///   auto pages = client.models().list_model_pages({.model_status = "published", .limit = 50});
///   while (auto page = co_await pages.next()) for (auto& m : *page) ...;
///
/// The object must outlive each next() it starts, and one next() at a time.
class model_pages {
public:
  /// The next page's models; nullopt once every page has been returned
  /// (after a page that reaches total_count, or an empty page).
  boost::asio::awaitable<std::optional<std::vector<models::model>>> next();

  /// What the last page said; 0 before the first.
  [[nodiscard]] std::int64_t total_count() const { return total_count_; }

private:
  friend class model_client;
  model_pages(std::shared_ptr<detail::client_core> core, models::list_models_query query);

  std::shared_ptr<detail::client_core> core_;
  models::list_models_query query_;
  std::int64_t total_count_ = 0;
  std::size_t page_size_ = 0; ///< query.limit, or the first page's size when the service chose it
  bool done_ = false;
};

/// Cheap to copy; operations keep the client's shared state alive. Requests
/// the seeds' rules refuse throw system_error(errc::invalid_argument) before
/// anything is sent (see models/model_rules.hpp); the service's refusals
/// throw api_error.
class model_client {
public:
  explicit model_client(std::shared_ptr<detail::client_core> core) : core_(std::move(core)) {}

  /// Imports a model from OBS, a training job's output or a custom image;
  /// returns its id. The model starts `publishing`: see wait_for_model. A
  /// LOCAL_SOURCE request is refused here (errc::invalid_argument): use
  /// publish_model.
  [[nodiscard]] boost::asio::awaitable<std::string> create_model(models::create_model_request request) const;

  /// The seeds' `publish_model(obs_location)` for a LOCAL_SOURCE model:
  /// checks the local package (models/model_package.hpp), uploads the folder's
  /// contents to `obs_folder` (`obs://bucket/dir/` or `/bucket/dir/`) through
  /// `transfer`, then imports the model from there; returns its id. A file
  /// that fails to upload throws system_error with that file's code and
  /// message, and nothing is imported.
  [[nodiscard]] boost::asio::awaitable<std::string>
  publish_model(models::create_model_request request, std::string obs_folder, obs_transfer transfer) const;

  /// Lists an OBS model folder (`obs://bucket/dir/` or `/bucket/dir/`) and
  /// checks its package shape; throws system_error(errc::invalid_argument)
  /// naming every problem. Needs AK/SK credentials (it reads OBS).
  [[nodiscard]] boost::asio::awaitable<void> check_obs_model_package(std::string obs_folder) const;

  [[nodiscard]] boost::asio::awaitable<models::model> get_model(std::string model_id) const;

  /// One page (`offset` is a page index).
  [[nodiscard]] boost::asio::awaitable<models::model_list> list_models(models::list_models_query query = {}) const;

  /// Every page, lazily, starting at query.offset.
  [[nodiscard]] model_pages list_model_pages(models::list_models_query query = {}) const;

  [[nodiscard]] boost::asio::awaitable<void> delete_model(std::string model_id) const;

  /// Polls until the model is `published` and returns it. Throws
  /// wait_error<models::model> with errc::resource_failed when it fails (the
  /// message carries the service's failure reason), with
  /// errc::wait_deadline_exceeded when the policy's deadline passes first.
  [[nodiscard]] boost::asio::awaitable<models::model> wait_for_model(std::string model_id, wait_policy policy) const;

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace modelarts
