// Task logs (link, preview, following) and metrics.
#include "modelarts/training/training_client.hpp"

#include "client/client_core.hpp"
#include "training/job_request_check.hpp"
#include "training/logs_json.hpp"
#include "training/training_calls.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace modelarts {
namespace {

using core_ptr = std::shared_ptr<detail::client_core>;
namespace calls = training::calls;

std::string task_path(const detail::client_core& core, const std::string& job_id, const std::string& task_id) {
  training::check_resource_id(job_id, "training job");
  training::check_resource_id(task_id, "task");
  return calls::jobs_path(core, job_id) + "/tasks/" + task_id;
}

boost::asio::awaitable<std::string> log_url_op(core_ptr core, std::string job_id, std::string task_id,
                                               training::log_link link) {
  auto req = core->modelarts_request("GET", task_path(*core, job_id, task_id) + "/logs/url");
  // The Content-Type of this GET chooses the link: a preview or a download.
  req.headers.set("Content-Type", link == training::log_link::download ? "application/octet-stream" : "text/plain");
  co_return training::log_url_from_json(co_await calls::execute_json(*core, std::move(req), "get log url"));
}

boost::asio::awaitable<training::log_preview> preview_op(core_ptr core, std::string job_id, std::string task_id) {
  auto req = core->modelarts_request("GET", task_path(*core, job_id, task_id) + "/logs/preview");
  co_return training::log_preview_from_json(co_await calls::execute_json(*core, std::move(req), "preview log"));
}

boost::asio::awaitable<training::job_metrics> metrics_op(core_ptr core, std::string job_id, std::string task_id) {
  training::check_resource_id(job_id, "training job");
  training::check_resource_id(task_id, "task");
  auto req = core->modelarts_request("GET", calls::jobs_path(*core, job_id) + "/metrics/" + task_id);
  co_return training::metrics_from_json(co_await calls::execute_json(*core, std::move(req), "get job metrics"));
}

} // namespace

boost::asio::awaitable<std::string> training_client::get_log_url(std::string job_id, std::string task_id,
                                                                 training::log_link link) const {
  return log_url_op(core_, std::move(job_id), std::move(task_id), link);
}

boost::asio::awaitable<training::log_preview> training_client::get_log_preview(std::string job_id,
                                                                               std::string task_id) const {
  return preview_op(core_, std::move(job_id), std::move(task_id));
}

training::log_follower training_client::follow_log(std::string job_id, std::string task_id,
                                                   std::chrono::milliseconds interval) const {
  return training::log_follower(core_, std::move(job_id), std::move(task_id), interval);
}

boost::asio::awaitable<training::job_metrics> training_client::get_job_metrics(std::string job_id,
                                                                               std::string task_id) const {
  return metrics_op(core_, std::move(job_id), std::move(task_id));
}

namespace training {

boost::asio::awaitable<std::optional<std::string>> log_follower::next() {
  boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor);
  while (!done_) {
    if (polled_) {
      pause.expires_after(interval_);
      co_await pause.async_wait(boost::asio::use_awaitable);
    }
    polled_ = true;
    // The phase first: a preview read after a final phase holds the whole log.
    const auto job = co_await calls::fetch_job(core_, job_id_);
    last_phase_ = job.status.phase;
    const bool ended = is_final(job.status);
    const auto preview = co_await preview_op(core_, job_id_, task_id_);
    if (ended) done_ = true;
    if (preview.full_size > read_) {
      const auto fresh = preview.full_size - read_;
      const auto available = static_cast<std::int64_t>(preview.content.size());
      const auto take = std::min(fresh, available);
      skipped_ += fresh - take;
      read_ = preview.full_size;
      // The next call returns at once (no pause) if the job ended.
      if (ended) polled_ = false;
      co_return preview.content.substr(static_cast<std::size_t>(available - take));
    }
  }
  co_return std::nullopt;
}

} // namespace training
} // namespace modelarts
