// Stored algorithm operations.
#include "modelarts/training/training_client.hpp"

#include "client/client_core.hpp"
#include "modelarts/error.hpp"
#include "training/algorithm_json.hpp"
#include "training/job_request_check.hpp"
#include "training/training_calls.hpp"

namespace modelarts {
namespace {

using core_ptr = std::shared_ptr<detail::client_core>;
namespace calls = training::calls;

boost::asio::awaitable<training::algorithm> create_op(core_ptr core, training::algorithm_request request) {
  training::check_algorithm_request(request);
  auto req = calls::json_request(*core, "POST", calls::algorithms_path(*core),
                                 training::algorithm_request_to_json(request));
  req.idempotent = false;
  co_return training::algorithm_from_json(co_await calls::execute_json(*core, std::move(req), "create algorithm"));
}

boost::asio::awaitable<training::algorithm_list> list_op(core_ptr core, training::algorithm_query query) {
  if (query.offset < 0 || query.limit < 1 || query.limit > 50)
    throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                      "an algorithm list needs offset >= 0 and limit 1 to 50");
  auto req = core->modelarts_request("GET", calls::algorithms_path(*core));
  req.query.push_back({"offset", std::to_string(query.offset)});
  req.query.push_back({"limit", std::to_string(query.limit)});
  co_return training::algorithm_list_from_json(co_await calls::execute_json(*core, std::move(req), "list algorithms"));
}

boost::asio::awaitable<training::algorithm> get_op(core_ptr core, std::string id) {
  training::check_resource_id(id, "algorithm");
  auto req = core->modelarts_request("GET", calls::algorithms_path(*core, id));
  co_return training::algorithm_from_json(co_await calls::execute_json(*core, std::move(req), "get algorithm"));
}

boost::asio::awaitable<training::algorithm> update_op(core_ptr core, std::string id,
                                                      training::algorithm_request request) {
  training::check_resource_id(id, "algorithm");
  training::check_algorithm_request(request);
  auto req = calls::json_request(*core, "PUT", calls::algorithms_path(*core, id),
                                 training::algorithm_request_to_json(request));
  co_return training::algorithm_from_json(co_await calls::execute_json(*core, std::move(req), "update algorithm"));
}

boost::asio::awaitable<void> delete_op(core_ptr core, std::string id) {
  training::check_resource_id(id, "algorithm");
  co_await core->execute(core->modelarts_request("DELETE", calls::algorithms_path(*core, id)));
}

} // namespace

boost::asio::awaitable<training::algorithm> training_client::create_algorithm(training::algorithm_request r) const {
  return create_op(core_, std::move(r));
}
boost::asio::awaitable<training::algorithm_list> training_client::list_algorithms(training::algorithm_query q) const {
  return list_op(core_, q);
}
boost::asio::awaitable<training::algorithm> training_client::get_algorithm(std::string id) const {
  return get_op(core_, std::move(id));
}
boost::asio::awaitable<training::algorithm> training_client::update_algorithm(std::string id,
                                                                              training::algorithm_request r) const {
  return update_op(core_, std::move(id), std::move(r));
}
boost::asio::awaitable<void> training_client::delete_algorithm(std::string id) const {
  return delete_op(core_, std::move(id));
}

} // namespace modelarts
