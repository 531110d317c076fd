// Creates many training jobs and waits for all of them at once, on one
// thread: each job is one coroutine (create, then wait_for_job), all sharing
// one client and its connection pool. Prints how many jobs are in each phase
// every second and a summary; exits non-zero when any job did not complete.
// Everything comes from the environment (see README.md, "Configuration"):
//
//   export MODELARTS_REGION=cn-north-4 MODELARTS_PROJECT_ID=...
//   export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=...
//   ./orchestrator [--jobs 500] [--flavor modelarts.vm.cpu.8u] [--code-dir /bucket/code/]
//                  [--boot-file /bucket/code/train.py] [--data /bucket/data/] [--output /bucket/out/]
//                  [--env NAME=VALUE]... [--deadline-s 3600]
#include <modelarts/modelarts.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace training = modelarts::training;

namespace {

struct settings {
  int jobs = 500;
  std::string flavor = "modelarts.vm.cpu.8u";
  std::string code_dir = "/orchestrator-bucket/code/";
  std::string boot_file = "/orchestrator-bucket/code/train.py";
  std::string data = "/orchestrator-bucket/data/";
  std::string output = "/orchestrator-bucket/output/";
  std::map<std::string, std::string> env;
  int deadline_s = 3600;
};

/// Where every job stands: its last seen phase ("" until created).
struct board {
  std::vector<std::string> phase;
  int created = 0;
  int completed = 0;
  int failed = 0;   ///< ended in a phase other than Completed
  int errors = 0;   ///< could not be created or followed
  int open = 0;     ///< coroutines still running
  std::string first_problem;

  void print(double elapsed) const {
    std::map<std::string, int> counts;
    for (const auto& p : phase) {
      if (!p.empty()) ++counts[p];
    }
    std::printf("[%6.1fs] created %d/%zu |", elapsed, created, phase.size());
    for (const auto& [name, n] : counts) std::printf(" %s %d", name.c_str(), n);
    std::printf("\n");
    std::fflush(stdout);
  }
};

training::job_request request_for(const settings& s, int index) {
  training::job_request r;
  r.name = "orchestrated-" + std::to_string(index);
  r.description = "one of " + std::to_string(s.jobs) + " jobs started by examples/orchestrator";
  r.code_dir = s.code_dir;
  r.boot_file = s.boot_file;
  r.engine.engine_name = "PyTorch";
  r.engine.engine_version = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
  training::data_input in;
  in.name = "data_url";
  in.obs_url = s.data;
  r.inputs.push_back(std::move(in));
  training::data_output out;
  out.name = "train_url";
  out.obs_url = s.output + std::to_string(index) + "/";
  r.outputs.push_back(std::move(out));
  r.flavor_id = s.flavor;
  r.environments = s.env;
  return r;
}

asio::awaitable<void> run_job(modelarts::training_client training, const settings& s, int index, board& b) {
  try {
    auto request = request_for(s, index);
    const auto job = co_await training.create_job(std::move(request));
    ++b.created;
    b.phase[static_cast<std::size_t>(index)] = job.phase();
    modelarts::wait_policy policy(std::chrono::seconds(s.deadline_s));
    policy.initial_interval = std::chrono::seconds(1);
    policy.max_interval = std::chrono::seconds(30);
    auto on_phase = [&b, index](const training::job& j) { b.phase[static_cast<std::size_t>(index)] = j.phase(); };
    const auto done = co_await training.wait_for_job(job.id(), policy, on_phase);
    b.phase[static_cast<std::size_t>(index)] = done.phase();
    ++b.completed;
  } catch (const modelarts::wait_error<training::job>& e) {
    b.phase[static_cast<std::size_t>(index)] = e.last().phase();
    ++b.failed;
    if (b.first_problem.empty()) b.first_problem = e.what();
  } catch (const std::exception& e) {
    ++b.errors;
    if (b.first_problem.empty()) b.first_problem = e.what();
  }
  --b.open;
}

asio::awaitable<void> report_every_second(board& b, std::chrono::steady_clock::time_point started) {
  asio::steady_timer tick(co_await asio::this_coro::executor);
  while (b.open > 0) {
    tick.expires_after(std::chrono::seconds(1));
    co_await tick.async_wait(asio::use_awaitable);
    b.print(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
}

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "orchestrator: " << why
            << "\nusage: orchestrator [--jobs N] [--flavor ID] [--code-dir D] [--boot-file F] [--data D] "
               "[--output D] [--env NAME=VALUE]... [--deadline-s N]\n";
  std::exit(2);
}

int positive(const std::string& text) {
  try {
    const int v = std::stoi(text);
    if (v > 0) return v;
  } catch (const std::exception&) {
  }
  usage("'" + text + "' is not a positive number");
}

} // namespace

int main(int argc, char** argv) {
  settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) usage("missing value after " + arg);
    const std::string value = argv[++i];
    if (arg == "--jobs") s.jobs = positive(value);
    else if (arg == "--flavor") s.flavor = value;
    else if (arg == "--code-dir") s.code_dir = value;
    else if (arg == "--boot-file") s.boot_file = value;
    else if (arg == "--data") s.data = value;
    else if (arg == "--output") s.output = value;
    else if (arg == "--deadline-s") s.deadline_s = positive(value);
    else if (arg == "--env") {
      const auto eq = value.find('=');
      if (eq == std::string::npos || eq == 0) usage("--env takes NAME=VALUE");
      s.env[value.substr(0, eq)] = value.substr(eq + 1);
    } else usage("unknown option " + arg);
  }
  try {
    asio::io_context io(1); // one thread: every job is a coroutine on it
    auto client = modelarts::client::from_environment(io.get_executor());
    board b;
    b.phase.resize(static_cast<std::size_t>(s.jobs));
    b.open = s.jobs;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < s.jobs; ++i) asio::co_spawn(io, run_job(client.training(), s, i, b), asio::detached);
    asio::co_spawn(io, report_every_second(b, started), asio::detached);
    io.run();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    b.print(elapsed);
    const auto pool = client.pool_stats();
    std::printf("summary: %d jobs, %d completed, %d failed, %d errors in %.1f s; %llu connections opened, "
                "%llu reuses\n",
                s.jobs, b.completed, b.failed, b.errors, elapsed, static_cast<unsigned long long>(pool.connects),
                static_cast<unsigned long long>(pool.reuses));
    if (!b.first_problem.empty()) std::cerr << "orchestrator: first problem: " << b.first_problem << '\n';
    return b.completed == s.jobs ? 0 : 1;
  } catch (const modelarts::api_error& e) {
    std::cerr << "orchestrator: " << e << '\n';
  } catch (const std::exception& e) {
    std::cerr << "orchestrator: " << e.what() << '\n';
  }
  return 1;
}
