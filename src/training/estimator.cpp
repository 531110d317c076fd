// The estimator: a job request from a spec and fit options, the flavor check, the optional wait.
#include "modelarts/training/estimator.hpp"

#include "modelarts/error.hpp"

namespace modelarts::training {
namespace {

boost::asio::awaitable<training_job> fit_op(training_client client, job_request request,
                                            std::optional<wait_policy> wait,
                                            training_client::phase_callback on_change) {
  std::optional<flavor> known;
  if (request.pool_id.empty()) {
    // The public flavors are listed once per fit; a dedicated pool's are not.
    for (auto& f : co_await client.list_flavors()) {
      if (f.flavor_id == request.flavor_id) known = std::move(f);
    }
    if (!known)
      throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                        "flavor '" + request.flavor_id + "' is not one of the training flavors");
  }
  auto created = co_await client.create_job(std::move(request), std::move(known));
  if (!wait) co_return training_job(client, std::move(created));
  auto done = co_await client.wait_for_job(created.id(), std::move(*wait), std::move(on_change));
  co_return training_job(client, std::move(done));
}

boost::asio::awaitable<training_job> attach_op(training_client client, std::string job_id) {
  auto current = co_await client.get_job(std::move(job_id));
  co_return training_job(client, std::move(current));
}

} // namespace

job_request estimator::request_for(const fit_options& options) const {
  if (options.dataset && !options.inputs.empty())
    throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                      "fit takes OBS inputs or a dataset version, not both");
  job_request r;
  r.name = options.job_name;
  r.description = spec_.description;
  r.algorithm_id = spec_.algorithm_id;
  r.code_dir = spec_.code_dir;
  r.boot_file = spec_.boot_file;
  r.command = spec_.command;
  r.engine = spec_.engine;
  r.parameters = spec_.parameters;
  r.inputs = options.inputs;
  if (options.dataset) {
    data_input in;
    in.name = options.dataset_input_name;
    in.dataset = options.dataset;
    r.inputs.push_back(std::move(in));
  }
  r.outputs = spec_.outputs;
  r.environments = spec_.env_variables;
  r.flavor_id = spec_.flavor_id;
  r.node_count = spec_.node_count;
  r.pool_id = spec_.pool_id;
  r.log_export_obs_url = spec_.log_export_obs_url;
  r.volumes = spec_.volumes;
  return r;
}

boost::asio::awaitable<training_job> estimator::fit(fit_options options) const {
  auto request = request_for(options);
  return fit_op(client_, std::move(request), std::move(options.wait), std::move(options.on_phase_change));
}

boost::asio::awaitable<training_job> estimator::attach(std::string job_id) const {
  return attach_op(client_, std::move(job_id));
}

} // namespace modelarts::training
