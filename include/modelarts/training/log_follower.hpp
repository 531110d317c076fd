// Follows a running job's log as it grows, like the Python SDK's
// `fit(show_log=True)`.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace modelarts {
namespace detail {
class client_core;
}

namespace training {

/// Each next() returns the text appended to the task's log since the last
/// call, polling every `interval` until there is some. Once the job reaches
/// a final phase, the rest of the log is returned and then nullopt. Each poll
/// reads the job (cheap) and the log preview; the preview holds only the last
/// 5 MB, so when more than that was appended between two polls, the text in
/// between is skipped (skipped_bytes() counts it). Cancelling the awaiting
/// coroutine stops it. Not for concurrent use: await one next() at a time.
class log_follower {
public:
  log_follower(std::shared_ptr<detail::client_core> core, std::string job_id, std::string task_id,
               std::chrono::milliseconds interval)
      : core_(std::move(core)), job_id_(std::move(job_id)), task_id_(std::move(task_id)), interval_(interval) {}

  /// New log text, or nullopt when the job has ended and its log is read.
  boost::asio::awaitable<std::optional<std::string>> next();

  /// The job's phase at the last poll (empty before the first).
  [[nodiscard]] const std::string& last_phase() const { return last_phase_; }
  /// Bytes of the log returned so far.
  [[nodiscard]] std::int64_t bytes_read() const { return read_; }
  /// Bytes the 5 MB preview window made unreadable.
  [[nodiscard]] std::int64_t skipped_bytes() const { return skipped_; }

private:
  std::shared_ptr<detail::client_core> core_;
  std::string job_id_;
  std::string task_id_;
  std::chrono::milliseconds interval_;
  std::string last_phase_;
  std::int64_t read_ = 0;
  std::int64_t skipped_ = 0;
  bool polled_ = false;
  bool done_ = false;
};

} // namespace training
} // namespace modelarts
