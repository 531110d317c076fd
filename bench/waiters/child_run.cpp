#include "child_run.hpp"

#include "process_usage.hpp"

#include <modelarts/modelarts.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdio>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace modelarts::bench {
namespace {

namespace asio = boost::asio;

struct tally {
  int created = 0;
  int completed = 0;
  int errors = 0;
};

/// A code job on the walkthrough's engine and flavor; EMULATOR_PHASE_MS sets
/// the emulator's phase length for it (Creating, Pending, Running: three phases).
training::job_request job_for(waiter_kind kind, int index, int phase_ms) {
  training::job_request r;
  r.name = std::string(kind == waiter_kind::sdk ? "waiter-sdk-" : "waiter-naive-") + std::to_string(index);
  r.code_dir = "/bench-bucket/code/";
  r.boot_file = "/bench-bucket/code/train.py";
  r.engine.engine_name = "PyTorch";
  r.engine.engine_version = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
  training::data_input in;
  in.name = "data_url";
  in.obs_url = "/bench-bucket/data/";
  r.inputs.push_back(std::move(in));
  training::data_output out;
  out.name = "train_url";
  out.obs_url = "/bench-bucket/output/";
  r.outputs.push_back(std::move(out));
  r.flavor_id = "modelarts.vm.cpu.8u";
  r.environments["EMULATOR_PHASE_MS"] = std::to_string(phase_ms);
  return r;
}

/// The baseline: a fixed pause between polls, the same for every waiter.
asio::awaitable<void> naive_wait(training_client training, std::string id, std::chrono::milliseconds interval,
                                 std::chrono::steady_clock::time_point deadline) {
  asio::steady_timer pause(co_await asio::this_coro::executor);
  for (;;) {
    const auto job = co_await training.get_job(id);
    if (training::is_final(job.status)) {
      if (training::is_failure(job.status)) throw std::runtime_error("job " + id + " ended " + job.phase());
      co_return;
    }
    if (std::chrono::steady_clock::now() >= deadline) throw std::runtime_error("job " + id + " deadline");
    pause.expires_after(interval);
    co_await pause.async_wait(asio::use_awaitable);
  }
}

/// Creates jobs next_index, next_index + 1… until all are made: 64 of these
/// run at once, so creation is not part of what the waiters cost.
asio::awaitable<void> creator(training_client training, const child_settings& s, int& next_index,
                              std::vector<std::string>& ids, tally& count) {
  while (next_index < s.waiters) {
    const int index = next_index++;
    try {
      auto request = job_for(s.kind, index, s.phase_ms);
      const auto job = co_await training.create_job(std::move(request));
      ids[static_cast<std::size_t>(index)] = job.id();
      ++count.created;
    } catch (const std::exception& e) {
      if (++count.errors <= 3) std::cerr << "create " << index << ": " << e.what() << '\n';
    }
  }
}

asio::awaitable<void> one_waiter(training_client training, child_settings s, std::string id, tally& count) {
  try {
    const auto interval = std::chrono::milliseconds(s.interval_ms);
    if (s.kind == waiter_kind::sdk) {
      wait_policy policy(std::chrono::seconds(s.deadline_s));
      policy.initial_interval = interval;
      policy.max_interval = std::chrono::seconds(5);
      policy.backoff = 1.5;
      policy.jitter = 0.2;
      co_await training.wait_for_job(id, policy);
    } else {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(s.deadline_s);
      co_await naive_wait(training, id, interval, deadline);
    }
    ++count.completed;
  } catch (const std::exception& e) {
    if (++count.errors <= 3) std::cerr << "waiter for " << id << ": " << e.what() << '\n';
  }
}

} // namespace

int run_child(const child_settings& s) {
  asio::io_context io(1);
  auto options = client_options::from_environment();
  options.pool.max_connections = 16;
  client c(io.get_executor(), options, credentials::from_environment());
  tally count;
  std::vector<std::string> ids(static_cast<std::size_t>(s.waiters));
  int next_index = 0;
  for (int i = 0; i < 64; ++i) asio::co_spawn(io, creator(c.training(), s, next_index, ids, count), asio::detached);
  const double create_started = now_seconds();
  io.run();
  const double create_wall = now_seconds() - create_started;
  io.restart();

  // Every waiter at once, on this one thread.
  const double started = now_seconds();
  const double cpu_started = cpu_seconds();
  for (auto& id : ids) {
    if (!id.empty()) asio::co_spawn(io, one_waiter(c.training(), s, std::move(id), count), asio::detached);
  }
  ids = {};
  io.run();
  const double wall = now_seconds() - started;
  std::fprintf(stderr, "%s: %d jobs created in %.1f s (64 at a time), then waited for together\n",
               s.kind == waiter_kind::sdk ? "modelarts-cpp" : "naive", count.created, create_wall);
  const auto pool = c.pool_stats();
  std::printf("RESULT created=%d completed=%d errors=%d wall_s=%.3f cpu_s=%.3f rss_mib=%.1f connects=%llu\n",
              count.created, count.completed, count.errors, wall, cpu_seconds() - cpu_started, peak_rss_mib(),
              static_cast<unsigned long long>(pool.connects));
  std::fflush(stdout);
  return count.errors == 0 && count.completed == s.waiters ? 0 : 1;
}

} // namespace modelarts::bench
