// The emulator's services: what POST /v1/{project_id}/services deployed, with
// a lifecycle computed from timestamps whenever a service is read (no timers):
//   deploying (progress 0–99 over the deploy length, phase_duration unless
//   the knob below sets it) -> running | failed | concerning;
//   batch: running for one more deploy length -> finished;
//   stop -> stopped at once; start (status running) -> deploying again;
//   a config update -> deploying again; a `stop` schedule -> stopped once its
//   duration has passed after the deploy ended.
// Knobs (envs of the first config, so tests choose an outcome per service):
//   EMULATOR_OUTCOME    "failed" or "concerning" (default: running)
//   EMULATOR_DEPLOY_MS  the deploy length in milliseconds
// Made by add_service_routes and set as emulator_state::services; every
// member is safe to call from the server's threads.
#pragma once

#include "emulator_state.hpp"

#include "core/http_message.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::emulator {

/// Filters, sort and page of GET /v1/{project_id}/services (S1 Table 8-10).
struct service_query {
  std::string service_id;
  std::string name_contains;
  std::string infer_type;
  std::string status;
  std::string model_id;
  std::string sort_by = "publish_at"; ///< publish_at or service_name
  bool ascending = false;
  std::size_t page = 0; ///< `offset`: a page index
  std::size_t limit = 1000;
};

class service_store {
public:
  explicit service_store(const emulator_state& state) : state_(state) {}

  /// A validated deploy body; `access_base` is `https://host:port`, the
  /// origin the inference endpoint is reached at. Returns the new id.
  std::string add(boost::json::object request, std::string access_base);
  /// The detail body (S1 Table 8-7), or nullopt.
  [[nodiscard]] std::optional<boost::json::object> detail(std::string_view id) const;
  [[nodiscard]] boost::json::object list(const service_query& q) const;
  /// The infer_type, or nullopt when there is no such service.
  [[nodiscard]] std::optional<std::string> infer_type(std::string_view id) const;

  /// PUT …/services/{id} (validated body). The answer, or an error answer
  /// when the service's state forbids the change (S0 Table 11-21 note).
  http::response update(std::string_view id, const boost::json::object& body);
  /// PUT …/services/{id}/property.
  http::response update_property(std::string_view id, const boost::json::object& body);
  [[nodiscard]] std::optional<boost::json::object> monitor(std::string_view id) const;
  [[nodiscard]] std::optional<boost::json::object> logs(std::string_view id) const;
  bool remove(std::string_view id);

  /// For the inference endpoint: nullopt when the service takes predictions
  /// now (running or concerning; the call is counted), else the refusal
  /// (404 no such service, 503 not running).
  std::optional<http::response> admit_prediction(std::string_view id);

private:
  struct update_record {
    std::int64_t time_ms = 0;
    boost::json::array config;
  };
  struct stored_service {
    std::string id;
    boost::json::object request; ///< as deployed, `config` replaced by updates
    std::string access_base;
    std::int64_t publish_at_ms = 0;
    clock::time_point deploy_started;
    std::chrono::milliseconds deploy_length{0};
    std::string outcome = "running";
    bool stopped = false;
    std::optional<clock::duration> stop_after; ///< from the schedule
    std::uint64_t sequence = 0;
    long long invocations = 0;
    std::vector<update_record> updates;
  };
  struct observed {
    std::string status;
    int progress = 0;
  };

  [[nodiscard]] observed observe(const stored_service& s) const;
  [[nodiscard]] boost::json::object render(const stored_service& s, bool summary) const;
  stored_service* find(std::string_view id);
  [[nodiscard]] const stored_service* find(std::string_view id) const;
  void redeploy(stored_service& s);

  const emulator_state& state_;
  mutable std::mutex mutex_;
  std::vector<stored_service> services_;
  std::uint64_t next_sequence_ = 0;
};

} // namespace modelarts::emulator
