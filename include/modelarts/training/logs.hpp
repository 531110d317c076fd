// A training task's log and resource metrics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::training {

/// What the temporary OBS link to a task's log is for: the service answers a
/// preview link (shown as text) or a download link (an attachment).
enum class log_link { preview, download };

/// The tail of a task's log (`.../logs/preview`). The service returns at
/// most its last 5 MB: when the log is longer, `content` holds only its end.
struct log_preview {
  std::string content;
  std::int64_t current_size = 0; ///< bytes in `content`
  std::int64_t full_size = 0;    ///< bytes in the whole log

  /// True when the log is longer than what `content` holds.
  [[nodiscard]] bool truncated() const { return full_size > current_size; }
};

/// The largest preview the service returns.
inline constexpr std::int64_t log_preview_limit = 5 * 1024 * 1024;

/// One metric's series: one average per minute; a minute without a sample
/// (the service's `-1`) is nullopt.
struct metric_series {
  std::string metric; ///< cpuUsage, memUsage, gpuUtil, gpuMemUsage, npuUtil, npuMemUsage
  std::vector<std::optional<double>> values;
};

/// A task's metrics (`.../metrics/{task_id}`).
struct job_metrics {
  std::vector<metric_series> series;

  /// The series of that metric, or null.
  [[nodiscard]] const metric_series* find(std::string_view metric) const {
    for (const auto& s : series) {
      if (s.metric == metric) return &s;
    }
    return nullptr;
  }
};

} // namespace modelarts::training
