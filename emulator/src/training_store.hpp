// The emulator's v2 training resources: algorithms and jobs. Jobs keep their
// (validated) request and a timeline; their phase, log and metrics are
// computed when read (training_job_lifecycle.hpp). Made by
// add_training_job_routes and set as emulator_state::training. Every member
// is safe to call from the server's threads.
#pragma once

#include "emulator_state.hpp"
#include "training_job_lifecycle.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace modelarts::emulator {

/// What the job routes add to a validated create request.
struct new_job {
  boost::json::object request;   ///< kind, metadata, algorithm, spec as sent
  boost::json::object algorithm; ///< the stored algorithm's job_config and name (empty for inline code)
  boost::json::object flavor;    ///< the catalogue's flavor (empty in a dedicated pool)
  job_script script;
};

/// The search of POST /v2/{project_id}/training-job-searches.
struct job_search {
  std::size_t offset = 0;
  std::size_t limit = 50;
  std::string sort_by = "create_time"; ///< create_time, name
  bool ascending = false;
  boost::json::array filters;          ///< [{key, operator, value:[...]}]
};

enum class terminate_outcome { terminated, not_found, not_allowed };

class training_store {
public:
  explicit training_store(const emulator_state& state) : state_(state) {}

  // ---- algorithms ----------------------------------------------------------
  /// Stores a validated create body; returns its rendered form.
  boost::json::object add_algorithm(boost::json::object request);
  [[nodiscard]] std::optional<boost::json::object> algorithm(std::string_view id) const;
  [[nodiscard]] boost::json::object list_algorithms(std::size_t offset, std::size_t limit) const;
  /// Replaces description and job_config; nullopt when there is no such algorithm.
  std::optional<boost::json::object> update_algorithm(std::string_view id, const boost::json::object& request);
  bool remove_algorithm(std::string_view id);

  // ---- jobs ----------------------------------------------------------------
  /// Stores the job; returns it rendered (Creating).
  boost::json::object add_job(new_job job);
  [[nodiscard]] std::optional<boost::json::object> job(std::string_view id) const;
  [[nodiscard]] boost::json::object search(const job_search& query) const;
  bool update_description(std::string_view id, std::string description);
  bool remove_job(std::string_view id);
  /// On `terminated`, `out` is the job (Terminating); on `not_allowed`, its phase.
  terminate_outcome terminate(std::string_view id, boost::json::object& out, std::string& phase);

  /// The task's whole log as of now; nullopt when there is no such job or task.
  [[nodiscard]] std::optional<std::string> log_text(std::string_view id, std::string_view task) const;
  /// `{"metrics":[...]}` as of now; nullopt when there is no such job or task.
  [[nodiscard]] std::optional<boost::json::object> metrics(std::string_view id, std::string_view task) const;

private:
  struct stored_job {
    std::string id;
    new_job spec;
    job_timeline timeline;
    std::uint64_t sequence = 0;
    int node_count = 1;
  };

  [[nodiscard]] boost::json::object render(const stored_job& j, clock::time_point now) const;
  [[nodiscard]] const stored_job* find(std::string_view id) const;
  [[nodiscard]] bool has_task(const stored_job& j, std::string_view task) const;
  std::string next_id();

  const emulator_state& state_;
  mutable std::mutex mutex_;
  std::map<std::string, boost::json::object, std::less<>> algorithms_;
  std::map<std::string, stored_job, std::less<>> jobs_;
  std::uint64_t sequence_ = 0;
};

} // namespace modelarts::emulator
