// The whole ModelArts flow in one program: a dataset and training code to
// OBS, an algorithm and a training job (waited for, with its phases, metrics
// and log tail), a model imported from the job's output, a real-time service
// deployed from it, a prediction, and the clean-up. Each step prints its
// duration. Everything comes from the environment (see README.md,
// "Configuration"), so it runs against the cloud or the bundled emulator:
//
//   ./end_to_end <bucket> [working folder]
//
// The bucket is created when missing and emptied of what the demo wrote.
#include <modelarts/modelarts.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

/// Prints "[n] what ... 0.123 s" around each step.
class step_timer {
public:
  void begin(const std::string& what) {
    ++number_;
    std::printf("[%d] %s\n", number_, what.c_str());
    std::fflush(stdout);
    started_ = std::chrono::steady_clock::now();
  }
  void end(const std::string& result = {}) const {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started_;
    std::printf("    %s%s%.3f s\n", result.c_str(), result.empty() ? "" : ", ", took.count());
    std::fflush(stdout);
  }

private:
  int number_ = 0;
  std::chrono::steady_clock::time_point started_;
};

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

/// What a training script would leave in its output folder: a model package
/// (model/config.json and model/customize_service.py).
void make_local_inputs(const fs::path& work) {
  write_file(work / "code" / "train.py", "import argparse\nprint('training')\n");
  for (int i = 0; i < 8; ++i)
    write_file(work / "data" / ("sample-" + std::to_string(i) + ".csv"), "x,y\n" + std::to_string(i) + ",1\n");
  write_file(work / "model" / "model" / "config.json",
             R"({"model_type":"PyTorch","runtime":"python3.7","model_algorithm":"predict_analysis"})");
  write_file(work / "model" / "model" / "customize_service.py", "class Service:\n    pass\n");
}

modelarts::wait_policy quick_polls(std::chrono::milliseconds deadline) {
  modelarts::wait_policy policy(deadline);
  policy.initial_interval = 200ms;
  policy.max_interval = 2s;
  return policy;
}

asio::awaitable<void> run(modelarts::client client, std::string bucket, fs::path work) {
  step_timer step;
  const std::string root = "obs://" + bucket + "/end-to-end/";

  step.begin("upload training code and dataset to " + root);
  make_local_inputs(work);
  auto obs = client.obs();
  if (!co_await obs.bucket_exists(bucket)) co_await obs.create_bucket(bucket);
  modelarts::obs_transfer transfer(client);
  const auto code = co_await transfer.upload_folder(work / "code", root);
  const auto data = co_await transfer.upload_folder(work / "data", root);
  step.end(std::to_string(code.files_transferred + data.files_transferred) + " files");

  step.begin("create the algorithm");
  modelarts::training::algorithm_request algorithm;
  algorithm.name = "end-to-end-algorithm";
  algorithm.code_dir = "/" + bucket + "/end-to-end/code/";
  algorithm.boot_file = "/" + bucket + "/end-to-end/code/train.py";
  algorithm.engine.engine_name = "PyTorch";
  algorithm.engine.engine_version = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
  auto training = client.training();
  const auto created_algorithm = co_await training.create_algorithm(algorithm);
  step.end("id " + created_algorithm.id());

  step.begin("create the training job and wait for it");
  modelarts::training::job_request job_request;
  job_request.name = "end-to-end-job";
  job_request.algorithm_id = created_algorithm.id();
  modelarts::training::data_input input;
  input.name = "data_url";
  input.obs_url = "/" + bucket + "/end-to-end/data/";
  job_request.inputs.push_back(input);
  modelarts::training::data_output output;
  output.name = "train_url";
  output.obs_url = "/" + bucket + "/end-to-end/output/";
  job_request.outputs.push_back(output);
  job_request.flavor_id = "modelarts.vm.cpu.8u";
  const auto job = co_await training.create_job(job_request);
  const auto print_phase = [](const modelarts::training::job& j) {
    std::printf("    phase %s%s%s\n", j.phase().c_str(), j.status.secondary_phase.empty() ? "" : " / ",
                j.status.secondary_phase.c_str());
    std::fflush(stdout);
  };
  const auto completed = co_await training.wait_for_job(job.id(), quick_polls(10min), print_phase);
  step.end("job " + completed.id() + " " + completed.phase());

  step.begin("metrics and log tail of worker-0");
  const auto metrics = co_await training.get_job_metrics(job.id());
  for (const auto& series : metrics.series) {
    int samples = 0;
    for (const auto& v : series.values) samples += v ? 1 : 0;
    std::printf("    %-12s %d samples\n", series.metric.c_str(), samples);
  }
  const auto log = co_await training.get_log_preview(job.id());
  const auto tail_start = log.content.rfind('\n', log.content.size() > 1 ? log.content.size() - 2 : 0);
  std::printf("    log: %lld bytes, last line: %s", static_cast<long long>(log.full_size),
              log.content.substr(tail_start == std::string::npos ? 0 : tail_start + 1).c_str());
  step.end();

  step.begin("import the model from the job's output and wait until published");
  // The training script's output: the model package, in the job's train_url.
  co_await transfer.upload_folder(work / "model" / "model", root + "output/");
  auto models = client.models();
  const auto model_request = modelarts::models::create_model_request::from_training_job(
      "end_to_end_model", "1.0.0", "/" + bucket + "/end-to-end/output/", "PyTorch", job.id());
  const auto model_id = co_await models.create_model(model_request);
  const auto model = co_await models.wait_for_model(model_id, quick_polls(10min));
  step.end("model " + model.model_id + " " + model.model_status);

  step.begin("deploy a real-time service and wait until running");
  modelarts::services::deploy_request deploy;
  deploy.service_name = "end_to_end_service";
  modelarts::services::service_config config;
  config.model_id = model_id;
  config.specification = "modelarts.vm.cpu.2u";
  deploy.configs.push_back(config);
  auto services = client.services();
  const auto deployed = co_await services.deploy(deploy);
  const auto print_progress = [](const modelarts::services::service& s) {
    std::printf("    %s %d%%\n", s.status.c_str(), s.progress);
    std::fflush(stdout);
  };
  const auto running = co_await services.wait_for_service(deployed.service_id, modelarts::services::service_target::running,
                                                          quick_polls(10min), print_progress);
  step.end("service " + running.service_id + " at " + running.access_address);

  step.begin("predict");
  const auto predictor = co_await modelarts::inference::predictor::for_service(client, deployed.service_id);
  const boost::json::value input_json = {{"inputs", {1, 2, 3.5}}};
  const auto answer = co_await predictor.predict(input_json);
  step.end(boost::json::serialize(answer));

  step.begin("clean up: service, model, job, algorithm, objects");
  co_await services.remove(deployed.service_id);
  co_await models.delete_model(model_id);
  co_await training.delete_job(job.id());
  co_await training.delete_algorithm(created_algorithm.id());
  std::vector<std::string> keys;
  for (const auto& object : co_await obs.list_all_objects(bucket, "end-to-end/")) keys.push_back(object.key);
  const auto deleted = co_await obs.delete_objects(bucket, keys);
  step.end(std::to_string(keys.size()) + " objects deleted" +
           (deleted.failed.empty() ? std::string() : ", " + std::to_string(deleted.failed.size()) + " refused"));
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: end_to_end <bucket> [working folder]\n";
    return 2;
  }
  const fs::path work = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "modelarts-end-to-end";
  try {
    asio::io_context io;
    auto client = modelarts::client::from_environment(io.get_executor());
    std::exception_ptr failure;
    asio::co_spawn(io, run(client, argv[1], work), [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure) std::rethrow_exception(failure);
    std::cout << "end_to_end: done\n";
    return 0;
  } catch (const modelarts::api_error& e) {
    std::cerr << "end_to_end: " << e << '\n';
  } catch (const std::exception& e) {
    std::cerr << "end_to_end: " << e.what() << '\n';
  }
  return 1;
}
