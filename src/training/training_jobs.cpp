// Training job operations: create, get, search, update, delete, terminate.
#include "modelarts/training/training_client.hpp"

#include "client/client_core.hpp"
#include "modelarts/error.hpp"
#include "training/job_json.hpp"
#include "training/job_request_check.hpp"
#include "training/training_calls.hpp"

namespace modelarts {
namespace {

using core_ptr = std::shared_ptr<detail::client_core>;
namespace calls = training::calls;

boost::asio::awaitable<training::job> create_job_op(core_ptr core, training::job_request request,
                                                    std::optional<training::flavor> known_flavor) {
  training::check_job_request(request, known_flavor ? &*known_flavor : nullptr);
  auto req = calls::json_request(*core, "POST", calls::jobs_path(*core), training::job_request_to_json(request));
  // A create is not idempotent: it is retried only when it provably never arrived.
  req.idempotent = false;
  co_return training::job_from_json(co_await calls::execute_json(*core, std::move(req), "create training job"));
}

void check_query(const training::job_query& q) {
  if (q.offset < 0 || q.limit < 1 || q.limit > 50)
    throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                      "a job search needs offset >= 0 and limit 1 to 50");
  if (q.order != "asc" && q.order != "desc")
    throw boost::system::system_error(make_error_code(errc::invalid_argument), "order must be 'asc' or 'desc'");
}

boost::asio::awaitable<training::job_list> list_jobs_op(core_ptr core, training::job_query query) {
  check_query(query);
  auto req = calls::json_request(*core, "POST", "/v2/" + core->project_id() + "/training-job-searches",
                                 training::job_query_to_json(query));
  req.idempotent = true; // a search changes nothing
  co_return training::job_list_from_json(co_await calls::execute_json(*core, std::move(req), "search training jobs"));
}

boost::asio::awaitable<void> update_description_op(core_ptr core, std::string job_id, std::string description) {
  training::check_resource_id(job_id, "training job");
  if (description.size() > 256)
    throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                      "job description is longer than 256 characters");
  auto req = calls::json_request(*core, "PUT", calls::jobs_path(*core, job_id),
                                 boost::json::object{{"description", description}});
  co_await core->execute(std::move(req));
}

boost::asio::awaitable<void> delete_job_op(core_ptr core, std::string job_id) {
  training::check_resource_id(job_id, "training job");
  co_await core->execute(core->modelarts_request("DELETE", calls::jobs_path(*core, job_id)));
}

boost::asio::awaitable<training::job> terminate_job_op(core_ptr core, std::string job_id) {
  // Refuse from a fresh read rather than let the service answer a bare 400:
  // the message names the phase the job is in.
  const auto current = co_await calls::fetch_job(core, job_id);
  if (!training::can_terminate(current.status.phase))
    throw boost::system::system_error(make_error_code(errc::invalid_state),
                                      "training job " + job_id + " is " + current.status.phase +
                                          ": only Creating, Pending or Running jobs can be terminated");
  auto req = calls::json_request(*core, "POST", calls::jobs_path(*core, job_id) + "/actions",
                                 boost::json::object{{"action_type", "terminate"}});
  req.idempotent = true; // terminating twice ends in the same state
  co_return training::job_from_json(co_await calls::execute_json(*core, std::move(req), "terminate training job"));
}

} // namespace

boost::asio::awaitable<training::job> training_client::create_job(training::job_request request,
                                                                  std::optional<training::flavor> known_flavor) const {
  return create_job_op(core_, std::move(request), std::move(known_flavor));
}

boost::asio::awaitable<training::job> training_client::get_job(std::string job_id) const {
  return calls::fetch_job(core_, std::move(job_id));
}

boost::asio::awaitable<training::job_list> training_client::list_jobs(training::job_query query) const {
  return list_jobs_op(core_, std::move(query));
}

training::job_pages training_client::job_pages(training::job_query query) const {
  check_query(query);
  return training::job_pages(core_, std::move(query));
}

boost::asio::awaitable<void> training_client::update_job_description(std::string job_id,
                                                                     std::string description) const {
  return update_description_op(core_, std::move(job_id), std::move(description));
}

boost::asio::awaitable<void> training_client::delete_job(std::string job_id) const {
  return delete_job_op(core_, std::move(job_id));
}

boost::asio::awaitable<training::job> training_client::terminate_job(std::string job_id) const {
  return terminate_job_op(core_, std::move(job_id));
}

namespace training {

boost::asio::awaitable<std::optional<std::vector<job>>> job_pages::next() {
  if (done_) co_return std::nullopt;
  auto page = co_await list_jobs_op(core_, query_);
  count_ = page.count;
  query_.offset += static_cast<int>(page.items.size());
  if (page.items.empty()) {
    done_ = true;
    co_return std::nullopt;
  }
  if (query_.offset >= page.count || static_cast<int>(page.items.size()) < query_.limit) done_ = true;
  co_return std::move(page.items);
}

} // namespace training
} // namespace modelarts
