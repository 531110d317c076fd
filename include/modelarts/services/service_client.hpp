// Real-time and batch services: deploy, get, list, update, monitor, logs,
// delete, and wait for a deployment to settle.
#pragma once

#include <modelarts/services/service.hpp>
#include <modelarts/wait_policy.hpp>

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace modelarts {

namespace detail {
class client_core;
}

namespace services {

/// A lazy walk over the service list: each `next()` reads one page (offset 0,
/// 1, 2 … with the query's limit) and gives nullopt once a page came back
/// short or empty. Nothing is read before the first `next()`.
class service_pages {
public:
  service_pages(std::shared_ptr<detail::client_core> core, service_query query);

  boost::asio::awaitable<std::optional<service_page>> next();

private:
  std::shared_ptr<detail::client_core> core_;
  service_query query_;
  bool done_ = false;
};

/// What `wait_for_service` waits for.
enum class service_target {
  running,  ///< a real-time service deployed (or started again)
  stopped,  ///< a service stopped
  finished, ///< a batch service ran to its end
};

/// `concerning` (some instances abnormal) is a degraded steady state, neither
/// success nor a failure the service will leave on its own. The waiter must
/// decide: by default it throws wait_error<service> with errc::resource_failed
/// and a message naming `concerning`; `accept` returns the service instead,
/// so the caller sees `status == "concerning"` and decides itself. (A distinct
/// error code would fit too, but errc has no such value; `accept` keeps the
/// decision with the caller without one.)
enum class concerning_policy { fail, accept };

/// Called after each poll with the service as seen (its `progress` while deploying).
using service_progress = std::function<void(const service&)>;

} // namespace services

class service_client {
public:
  explicit service_client(std::shared_ptr<detail::client_core> core) : core_(std::move(core)) {}

  /// Deploys a real-time service. Checked before sending (system_error
  /// errc::invalid_argument naming the field and the rule): a name of 1–64
  /// letters, digits, `-`, `_` starting with a letter; description ≤ 100;
  /// ≥ 1 config; each with a model id, a specification, 1–5 instances and a
  /// weight 0–100; weights summing to 100; no model twice; a VPC with its
  /// subnet and security group; schedules `stop` with DAYS/HOURS/MINUTES and
  /// a positive duration.
  boost::asio::awaitable<services::deploy_result> deploy(services::deploy_request request) const;
  /// Deploys a batch service: exactly one model, src/dest paths, req_uri,
  /// mapping_type `file` (no mapping_rule) or `csv` (with a mapping_rule).
  boost::asio::awaitable<services::deploy_result> deploy_batch(services::batch_deploy_request request) const;

  boost::asio::awaitable<services::service> get(std::string service_id) const;
  /// One page of the list.
  boost::asio::awaitable<services::service_page> list(services::service_query query = {}) const;
  /// Every page, lazily (see service_pages).
  [[nodiscard]] services::service_pages list_pages(services::service_query query = {}) const;

  /// Refuses (errc::invalid_argument) a status together with configs: the
  /// service would apply only the status and drop the configs silently.
  boost::asio::awaitable<services::update_result> update(std::string service_id,
                                                         services::service_update update) const;
  /// `PUT …/services/{id}/property`: changes the instance count of models.
  boost::asio::awaitable<services::update_result> update_property(std::string service_id,
                                                                  services::property_update update) const;

  boost::asio::awaitable<services::service_monitor> monitor(std::string service_id) const;
  boost::asio::awaitable<services::service_logs> logs(std::string service_id) const;
  boost::asio::awaitable<void> remove(std::string service_id) const;

  /// Polls until the service reaches `target` (see concerning_policy for
  /// `concerning`). Throws wait_error<services::service> with
  /// errc::resource_failed when it reaches `failed` (message: the service's
  /// error_msg), or another settled state that is not the target (e.g.
  /// `stopped` while waiting for `running`), and errc::wait_deadline_exceeded
  /// when the policy's deadline passes first. `on_progress` sees every poll.
  boost::asio::awaitable<services::service>
  wait_for_service(std::string service_id, services::service_target target, wait_policy policy,
                   services::service_progress on_progress = {},
                   services::concerning_policy concerning = services::concerning_policy::fail) const;

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace modelarts
