#include "modelarts/training/training_client.hpp"

#include "client/client_core.hpp"
#include "training/flavors_json.hpp"

namespace modelarts {
namespace {

// Free coroutines that own a reference to the client state: a temporary
// training_client may be gone by the time the operation runs.
boost::asio::awaitable<std::vector<training::flavor>> list_flavors_op(std::shared_ptr<detail::client_core> core,
                                                                      std::optional<std::string> flavor_type) {
  auto req = core->modelarts_request("GET", "/v2/" + core->project_id() + "/training-job-flavors");
  if (flavor_type) req.query.push_back({"flavor_type", *flavor_type});
  co_return training::flavors_from_json(co_await core->execute_json(std::move(req), "list flavors"));
}

boost::asio::awaitable<std::vector<training::engine>> list_engines_op(std::shared_ptr<detail::client_core> core) {
  auto req = core->modelarts_request("GET", "/v2/" + core->project_id() + "/training-job-engines");
  co_return training::engines_from_json(co_await core->execute_json(std::move(req), "list engines"));
}

} // namespace

boost::asio::awaitable<std::vector<training::flavor>>
training_client::list_flavors(std::optional<std::string> flavor_type) const {
  return list_flavors_op(core_, std::move(flavor_type));
}

boost::asio::awaitable<std::vector<training::engine>> training_client::list_engines() const {
  return list_engines_op(core_);
}

} // namespace modelarts
