// N concurrent predictions against a real-time service; prints latency percentiles.
//
//   predict_load N --deploy            deploy a service first (an emulator's toy model)
//   predict_load N <service id>        an existing running service
//   predict_load N https://…/v1/infers/<id>   an access address
//
// Configuration comes from the environment (see README.md, "Configuration").
#include <modelarts/inference/predictor.hpp>
#include <modelarts/modelarts.hpp>
#include <modelarts/models/model_client.hpp>
#include <modelarts/services/service_client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

asio::awaitable<std::string> deploy_toy_service(modelarts::client c) {
  auto model = modelarts::models::create_model_request::from_obs("predict-load", "1.0.0", "obs://bucket/model/",
                                                                 "TensorFlow");
  const auto model_id = co_await c.models().create_model(std::move(model));
  // Arguments are named before co_await: g++ 12 may destroy temporaries in a
  // co_await expression twice.
  const modelarts::wait_policy model_wait(60s);
  (void)co_await c.models().wait_for_model(model_id, model_wait);
  modelarts::services::deploy_request r;
  r.service_name = "predict-load";
  modelarts::services::service_config cfg;
  cfg.model_id = model_id;
  cfg.specification = "modelarts.vm.cpu.2u";
  r.configs = {cfg};
  const auto id = (co_await c.services().deploy(r)).service_id;
  modelarts::wait_policy policy(120s);
  policy.initial_interval = 200ms;
  modelarts::services::service_progress report = [](const modelarts::services::service& s) {
    if (s.status == "deploying") std::cerr << "deploying " << s.progress << "%\n";
  };
  const auto running =
      co_await c.services().wait_for_service(id, modelarts::services::service_target::running, policy, report);
  co_return running.access_address;
}

asio::awaitable<void> run(modelarts::client c, std::size_t n, std::string target, int& exit_code) {
  std::string address = target;
  if (target == "--deploy") address = co_await deploy_toy_service(c);
  else if (target.rfind("http", 0) != 0) address = (co_await c.services().get(target)).access_address;
  const modelarts::inference::predictor p(c, address);

  std::vector<double> latencies;
  std::size_t failures = 0;
  std::size_t done = 0;
  const auto started = steady::now();
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer all_done(executor, steady::time_point::max());
  for (std::size_t i = 0; i < n; ++i) {
    asio::co_spawn(executor, [&, i]() -> asio::awaitable<void> {
      const auto t0 = steady::now();
      try {
        boost::json::value input = boost::json::object{{"inputs", boost::json::array{static_cast<std::int64_t>(i), 1}}};
        (void)co_await p.predict(std::move(input));
        latencies.push_back(std::chrono::duration<double, std::milli>(steady::now() - t0).count());
      } catch (const std::exception& e) {
        if (failures++ == 0) std::cerr << "prediction failed: " << e.what() << "\n";
      }
      if (++done == n) all_done.cancel();
    }, asio::detached);
  }
  if (n > 0) {
    boost::system::error_code ec;
    co_await all_done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  const double seconds = std::chrono::duration<double>(steady::now() - started).count();
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double q) {
    if (latencies.empty()) return 0.0;
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(latencies.size()) + 0.999999);
    return latencies[std::min(latencies.size(), std::max<std::size_t>(rank, 1)) - 1];
  };
  std::printf("predictions=%zu failures=%zu seconds=%.3f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
              n, failures, seconds, static_cast<double>(latencies.size()) / seconds, pct(0.5), pct(0.9), pct(0.99),
              latencies.empty() ? 0.0 : latencies.back());
  exit_code = failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: predict_load N --deploy|<service id>|<access address>\n";
    return 2;
  }
  try {
    const auto n = static_cast<std::size_t>(std::stoul(argv[1]));
    asio::io_context io;
    auto c = modelarts::client::from_environment(io.get_executor());
    int exit_code = 1;
    std::exception_ptr failure;
    asio::co_spawn(io, run(c, n, argv[2], exit_code), [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure) std::rethrow_exception(failure);
    return exit_code;
  } catch (const std::exception& e) {
    std::cerr << "predict_load: " << e.what() << "\n";
    return 1;
  }
}
