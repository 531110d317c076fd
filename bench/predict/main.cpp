// bench/predict: predictions against a service deployed on the in-process
// emulator (HTTPS, its generated CA verified), through the SDK's
// inference::predictor and, in the same run and against the same service,
// the same POSTs (same URL, JSON bodies and X-Auth-Token) through libcurl
// multi.
//
//   predict [--requests N] [--inflight N] [--connections N] [--warmup N]
//           [--rounds N] [--server-threads N] [--phase-ms N] [--only ours|curl]
//
// The sides take turns, round after round (3 by default, each round starting
// with the other side), and each side's best round is reported. Ends with:
//   BENCH predict ours_rps=… curl_rps=… vs_curl=… p50_ms=… p99_ms=…
//         curl_p50_ms=… curl_p99_ms=… in_flight=… connections=… errors=…
#include "curl_predict_run.hpp"
#include "latency_figures.hpp"
#include "prediction_work.hpp"
#include "sdk_predict_run.hpp"
#include "toy_service.hpp"

#include <modelarts/client.hpp>
#include <modelarts/config.hpp>
#include <modelarts/credentials.hpp>
#include <modelarts/emulator/emulator.hpp>
#include <modelarts/inference/predictor.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace emulator = modelarts::emulator;
using namespace modelarts::bench;

struct arguments {
  load_shape shape;
  unsigned rounds = 3;
  unsigned server_threads = 1;
  std::chrono::milliseconds phase{50};
  std::string only; // empty: both sides
};

std::size_t positive(std::string_view name, const char* text) {
  char* end = nullptr;
  const auto value = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || value == 0)
    throw std::invalid_argument(std::string(name) + " needs a positive number");
  return static_cast<std::size_t>(value);
}

arguments parse(int argc, char** argv) {
  arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("missing value after " + std::string(flag));
    const char* value = argv[++i];
    if (flag == "--requests") args.shape.requests = positive(flag, value);
    else if (flag == "--inflight") args.shape.inflight = positive(flag, value);
    else if (flag == "--connections") args.shape.connections = positive(flag, value);
    else if (flag == "--warmup") args.shape.warmup_requests = positive(flag, value);
    else if (flag == "--rounds") args.rounds = static_cast<unsigned>(positive(flag, value));
    else if (flag == "--server-threads") args.server_threads = static_cast<unsigned>(positive(flag, value));
    else if (flag == "--phase-ms") args.phase = std::chrono::milliseconds(positive(flag, value));
    else if (flag == "--only") {
      args.only = value;
      if (args.only != "ours" && args.only != "curl") throw std::invalid_argument("--only takes ours or curl");
    } else {
      throw std::invalid_argument("unknown argument " + std::string(flag));
    }
  }
  return args;
}

/// Runs `op` on `io` until it finishes; returns its value or rethrows.
template <class T>
T run_to_end(asio::io_context& io, asio::awaitable<T> op) {
  std::optional<T> value;
  std::exception_ptr failure;
  asio::co_spawn(io, std::move(op), [&](std::exception_ptr e, T v) {
    failure = e;
    if (!e) value.emplace(std::move(v));
  });
  io.restart();
  io.run();
  if (failure) std::rethrow_exception(failure);
  if (!value) throw std::logic_error("the setup coroutine did not finish");
  return std::move(*value);
}

/// One side and its rounds.
struct side {
  side(std::string side_name, std::function<run_result()> run) : name(std::move(side_name)), run_once(std::move(run)) {}

  std::string name;
  std::function<run_result()> run_once;
  std::optional<run_result> best;
  latency_figures best_figures;
  std::vector<double> round_rps;
  std::size_t errors = 0; ///< over every round, warm-ups included
  std::string first_error;
  std::string configuration;

  /// Figures that may be compared: the best round, unless some prediction
  /// failed (the side then measured something else) or the side did not run.
  [[nodiscard]] latency_figures comparable() const { return best && errors == 0 ? best_figures : latency_figures{}; }
};

void run_round(emulator::server& server, side& s) {
  const auto before = server.statistics().connections_accepted;
  run_result r;
  try {
    r = s.run_once();
  } catch (const std::exception& e) {
    r.side = s.name;
    r.fail(std::string("the run stopped: ") + e.what());
  }
  r.server_connections = server.statistics().connections_accepted - before;
  if (r.errors > 0 && s.errors == 0) s.first_error = r.first_error;
  s.errors += r.errors;
  if (!r.configuration.empty()) s.configuration = r.configuration;
  const auto figures = summarise(r);
  s.round_rps.push_back(figures.predictions_per_second);
  if (!s.best || figures.predictions_per_second > s.best_figures.predictions_per_second) {
    s.best = std::move(r);
    s.best_figures = figures;
  }
}

void print_row(const side& s) {
  if (!s.best) return;
  const auto& f = s.best_figures;
  std::printf("%-14s %9.0f %8.2f %8.2f %8.2f %6llu %7zu   %s\n", s.name.c_str(), f.predictions_per_second, f.p50_ms,
              f.p99_ms, f.max_ms, static_cast<unsigned long long>(s.best->server_connections), s.errors,
              s.configuration.c_str());
  if (s.errors > 0) std::printf("%-14s first error: %s\n", "", s.first_error.c_str());
}

int run(const arguments& args) {
  emulator::options server_options;
  server_options.threads = args.server_threads;
  server_options.phase_duration = args.phase;
  emulator::server server(server_options);
  const auto& settings = server.settings();

  asio::io_context io;
  modelarts::client_options options;
  options.region = settings.region;
  options.project_id = settings.project_id;
  options.endpoint.modelarts = server.endpoint();
  options.endpoint.iam = server.endpoint();
  options.endpoint.obs = server.endpoint();
  options.tls.ca_file = server.ca_file();
  options.pool.max_connections = args.shape.connections;
  // IAM token authentication: both sides then send the same X-Auth-Token.
  modelarts::credentials creds;
  creds.user_name = settings.users.front().user_name;
  creds.password = settings.users.front().password;
  creds.domain_name = settings.users.front().domain_name;
  const modelarts::client sdk(io.get_executor(), options, creds);

  const auto setup_started = std::chrono::steady_clock::now();
  const auto service = run_to_end(io, deploy_toy_service(sdk));
  const curl_target curl_side{service.access_address, server.ca_file().string(), run_to_end(io, current_token(sdk))};
  const double setup_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - setup_started).count();
  const modelarts::inference::predictor predictor(sdk, service.access_address);

  const auto& shape = args.shape;
  std::printf("predict: POST %s (service deployed in %.2f s), {\"inputs\":[i,0.25,[1,2]]} -> sum, count\n"
              "  %zu measured predictions per round after %zu warm-up, %u round(s), %zu in flight, "
              "<= %zu connections a side, X-Auth-Token; emulator with %u thread(s)\n\n",
              service.access_address.c_str(), setup_s, shape.requests, shape.warmup_requests, args.rounds,
              shape.inflight, shape.connections, args.server_threads);
  std::fflush(stdout);

  side ours{"modelarts-cpp", [&] { return run_sdk_predictions(io, predictor, shape); }};
  side curl{"libcurl multi", [&] { return run_curl_predictions(curl_side, shape); }};
  std::vector<side*> turns;
  if (args.only.empty() || args.only == "ours") turns.push_back(&ours);
  if (args.only.empty() || args.only == "curl") turns.push_back(&curl);
  // Each round starts with the next side, so neither always runs first.
  for (unsigned round = 0; round < args.rounds; ++round)
    for (std::size_t i = 0; i < turns.size(); ++i) run_round(server, *turns[(round + i) % turns.size()]);

  std::printf("%-14s %9s %8s %8s %8s %6s %7s   %s\n", "side (best)", "pred/s", "p50 ms", "p99 ms", "max ms", "conns",
              "errors", "configuration");
  for (const auto* s : {&ours, &curl}) print_row(*s);
  std::printf("\npred/s by round:");
  for (const auto* s : {&ours, &curl}) {
    if (s->round_rps.empty()) continue;
    std::printf("  %s", s->name.c_str());
    for (const double rps : s->round_rps) std::printf(" %.0f", rps);
  }
  const auto ours_figures = ours.comparable();
  const auto curl_figures = curl.comparable();
  const double vs_curl =
      curl_figures.predictions_per_second > 0 ? ours_figures.predictions_per_second / curl_figures.predictions_per_second : 0;
  std::printf("\nmodelarts-cpp vs libcurl multi: %.2fx (goal >= 1.2x)\n", vs_curl);
  std::printf("(conns: connections the emulator accepted in the best round, warm-up included; our pool also\n"
              " reuses the one it opened for the setup: %llu opened in all. errors: every round and warm-up;\n"
              " a side with errors counts as 0 below, and the exit status is 1.)\n\n",
              static_cast<unsigned long long>(sdk.pool_stats().connects));

  std::printf("BENCH predict ours_rps=%.0f curl_rps=%.0f vs_curl=%.2f p50_ms=%.3f p99_ms=%.3f curl_p50_ms=%.3f "
              "curl_p99_ms=%.3f in_flight=%zu connections=%zu errors=%zu\n",
              ours_figures.predictions_per_second, curl_figures.predictions_per_second, vs_curl, ours_figures.p50_ms,
              ours_figures.p99_ms, curl_figures.p50_ms, curl_figures.p99_ms, shape.inflight, shape.connections,
              ours.errors + curl.errors);
  return ours.errors + curl.errors > 0 ? 1 : 0;
}

} // namespace

int main(int argc, char** argv) {
  try {
    const auto args = parse(argc, argv);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int status = run(args);
    curl_global_cleanup();
    return status;
  } catch (const std::exception& e) {
    std::cerr << "predict: " << e.what() << '\n';
    return 2;
  }
}
