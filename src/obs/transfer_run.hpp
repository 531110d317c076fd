// One call of obs_transfer (a file, a folder, a copy): the files it will
// move, the jobs running them, their outcomes and the progress shown.
//
// Files start in list order within two lanes: single-request files (up to
// 2 × concurrency at once) and multipart files (up to concurrency at once),
// so a folder of large files never keeps small ones from starting; once
// started, every file's requests compete in the scheduler, served in turn.
#pragma once

#include "obs/transfer_engine.hpp"
#include "obs/transfer_progress_meter.hpp"
#include "obs/transfer_tasks.hpp"

#include <modelarts/obs/transfer.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <string>

namespace modelarts::obs::transfer {

/// One file to move. `run` is started once, on the strand.
struct file_job {
  std::string source;
  std::string destination;
  bool multipart = false; ///< needs more than one request: the large lane
  std::function<boost::asio::awaitable<void>()> run;
};

/// A failure described for transfer_result: the code and message of what `e` holds.
transfer_failure describe_failure(std::string source, std::string destination, const std::exception_ptr& e);

class transfer_run {
public:
  explicit transfer_run(std::shared_ptr<detail::transfer_engine> engine);

  [[nodiscard]] detail::transfer_engine& engine() const { return *engine_; }
  [[nodiscard]] const std::shared_ptr<detail::transfer_engine>& engine_ptr() const { return engine_; }
  [[nodiscard]] progress_meter& progress() { return progress_; }
  [[nodiscard]] bool stopping() const { return stopping_; }

  void add(file_job job);
  /// A file refused before it could start (an unsafe key...): recorded as a failure.
  void add_failure(std::string source, std::string destination, std::exception_ptr e);

  /// Runs every added file to its end. Throws system_error(operation_aborted)
  /// when the awaiting coroutine is cancelled, after every job has stopped
  /// and cleaned up.
  boost::asio::awaitable<transfer_result> finish();

  /// The failure of the first file that failed, as thrown (for single-file calls).
  [[nodiscard]] const std::exception_ptr& first_failure() const { return first_failure_; }

private:
  void admit();
  void start(file_job job);

  std::shared_ptr<detail::transfer_engine> engine_;
  progress_meter progress_;
  task_group jobs_;
  std::deque<file_job> waiting_single_;
  std::deque<file_job> waiting_multipart_;
  std::size_t running_single_ = 0;
  std::size_t running_multipart_ = 0;
  bool stopping_ = false;
  transfer_result result_;
  std::exception_ptr first_failure_;
};

} // namespace modelarts::obs::transfer
