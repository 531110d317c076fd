// The emulator's models: what POST /v1/{project_id}/models created, with a
// publishing lifecycle computed from timestamps when a model is read (no
// timers). Made by add_model_routes and set as emulator_state::models, so
// other services' routes (service deployment) can check that a model exists
// and is published. Every member is safe to call from the server's threads.
#pragma once

#include "emulator_state.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::emulator {

/// What another service needs to know about a model.
struct model_summary {
  std::string id;
  std::string name;
  std::string version;
  std::string model_type;
  /// "publishing", "published" or "failed", as of the moment of the lookup.
  std::string status;

  [[nodiscard]] bool published() const { return status == "published"; }
};

/// Filters, sort and page of GET /v1/{project_id}/models (S1 Table 7-7).
struct model_query {
  std::string name_contains;        ///< model_name, fuzzy (substring)
  std::string version;              ///< model_version, exact
  std::string status;               ///< model_status, exact
  std::string description_contains; ///< description, fuzzy
  std::size_t page = 0;             ///< offset: a page index
  std::size_t limit = 280;
  std::string sort_by = "create_at"; ///< create_at, model_version, model_size
  bool ascending = false;
};

class model_store {
public:
  explicit model_store(const emulator_state& state) : state_(state) {}

  /// The model as of now, or nullopt when no model has that id.
  [[nodiscard]] std::optional<model_summary> find(std::string_view id) const;

  // ---- for the model routes -------------------------------------------------

  /// Stores a validated create request; returns the new model's id. A model
  /// whose name starts with "emulator-fail" fails its publication.
  std::string add(boost::json::object request);
  /// True when a model with this name and version exists.
  [[nodiscard]] bool contains(std::string_view name, std::string_view version) const;
  /// The model's detail body (S1 Table 7-13), or nullopt.
  [[nodiscard]] std::optional<boost::json::object> detail(std::string_view id) const;
  /// `{total_count, count, models:[...]}` for the query.
  [[nodiscard]] boost::json::object list(const model_query& query) const;
  /// False when there was no such model.
  bool remove(std::string_view id);

private:
  struct stored_model {
    std::string id;
    boost::json::object request; ///< as created (validated), without computed fields
    std::int64_t create_at_ms = 0;
    clock::time_point created;
    std::uint64_t sequence = 0; ///< creation order, breaks create_at ties
    bool fails = false;
  };

  [[nodiscard]] std::string status_of(const stored_model& m) const;
  [[nodiscard]] boost::json::object render(const stored_model& m) const;

  const emulator_state& state_;
  mutable std::mutex mutex_;
  std::vector<stored_model> models_;
  std::uint64_t next_sequence_ = 0;
};

} // namespace modelarts::emulator
