// bench/request_rate: signed small GETs against the emulator, through the SDK
// and, in the same run and against the same server, through libcurl multi and
// cpprestsdk (the HTTP stack of the official Huawei Cloud C++ SDK).
//
//   request_rate [--requests N] [--inflight N] [--rounds N] [--threads N]
//                [--server-threads N] [--cpprest-trust callback|env]
//                [--only ours|ours-raw|curl|cpprest]
//
// Besides the three stacks, a diagnostic row "modelarts (raw)" sends the same
// GET through the SDK's internal request path without decoding the JSON
// answer: the SDK's HTTP layer doing exactly what the baselines do.
//
// The stacks take turns, round after round (5 by default), so that a load
// change on the machine hits them alike; each stack's best round is
// reported. Ends with:
//   BENCH request_rate ours_rps=… cpprest_rps=… curl_rps=… vs_cpprest=… vs_curl=…
//         p50_ms=… p99_ms=… curl_p99_ms=… cpprest_p99_ms=… ours_connections=…
#include "cpprest_run.hpp"
#include "curl_multi_run.hpp"
#include "latency_summary.hpp"
#include "load_run.hpp"
#include "sdk_run.hpp"
#include "signed_flavor_request.hpp"

#include <modelarts/config.hpp>
#include <modelarts/emulator/emulator.hpp>

#include <cmath>
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

using namespace modelarts::bench;
namespace emulator = modelarts::emulator;

struct arguments {
  load_shape shape;
  unsigned rounds = 5;
  unsigned client_threads = 1;
  unsigned server_threads = 1;
  cpprest_trust trust = cpprest_trust::context_callback;
  std::string only; // empty: all three stacks
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
    else if (flag == "--rounds") args.rounds = static_cast<unsigned>(positive(flag, value));
    else if (flag == "--threads") args.client_threads = static_cast<unsigned>(positive(flag, value));
    else if (flag == "--server-threads") args.server_threads = static_cast<unsigned>(positive(flag, value));
    else if (flag == "--cpprest-trust") {
      const std::string_view v = value;
      if (v == "callback") args.trust = cpprest_trust::context_callback;
      else if (v == "env") args.trust = cpprest_trust::ssl_cert_file;
      else throw std::invalid_argument("--cpprest-trust takes callback or env");
    } else if (flag == "--only") {
      args.only = value;
      if (args.only != "ours" && args.only != "ours-raw" && args.only != "curl" && args.only != "cpprest")
        throw std::invalid_argument("--only takes ours, ours-raw, curl or cpprest");
    } else {
      throw std::invalid_argument("unknown argument " + std::string(flag));
    }
  }
  args.shape.warmup_requests = args.shape.inflight;
  return args;
}

/// A run plus what the server saw of it.
struct measured_run {
  run_result run;
  latency_summary summary;
  std::uint64_t server_connections = 0;
};

/// One HTTP stack and its rounds.
struct stack {
  stack(std::string stack_name, std::function<run_result()> run) : name(std::move(stack_name)), run_once(std::move(run)) {}

  std::string name;
  std::function<run_result()> run_once;
  std::optional<measured_run> best;
  std::vector<double> round_rps;
  std::size_t failures = 0; ///< over every round
  std::string first_failure;

  /// Figures that may be compared: the best round, unless some round failed
  /// requests (it then measured something else) or the stack did not run.
  [[nodiscard]] latency_summary comparable() const {
    return best && failures == 0 && !best->run.skipped ? best->summary : latency_summary{};
  }
};

measured_run measure(emulator::server& server, const std::function<run_result()>& run_once) {
  const auto before = server.statistics();
  measured_run m;
  try {
    m.run = run_once();
  } catch (const std::exception& e) {
    m.run.skipped = true;
    m.run.skip_reason = std::string("failed: ") + e.what();
  }
  m.server_connections = server.statistics().connections_accepted - before.connections_accepted;
  m.summary = summarise(m.run);
  return m;
}

void run_round(emulator::server& server, stack& s) {
  auto m = measure(server, s.run_once);
  if (m.run.failures > 0 && s.failures == 0) s.first_failure = m.run.first_failure;
  s.failures += m.run.failures;
  s.round_rps.push_back(m.summary.requests_per_second);
  if (!s.best || m.summary.requests_per_second > s.best->summary.requests_per_second) s.best = std::move(m);
}

void print_row(const stack& s) {
  if (!s.best || s.best->run.skipped) {
    std::printf("%-15s skipped: %s\n", s.name.c_str(), s.best ? s.best->run.skip_reason.c_str() : "not run");
    return;
  }
  const auto& m = *s.best;
  const std::string client_cpu = m.summary.client_cpu_us > 0 ? std::to_string(std::lround(m.summary.client_cpu_us)) : "-";
  std::printf("%-15s %8.0f %8.2f %8.2f %8.2f %6llu %8zu %8.0f %8s   %s\n", s.name.c_str(),
              m.summary.requests_per_second, m.summary.p50_ms, m.summary.p99_ms, m.summary.max_ms,
              static_cast<unsigned long long>(m.server_connections), s.failures, m.summary.process_cpu_us,
              client_cpu.c_str(), m.run.configuration.c_str());
  if (s.failures > 0) std::printf("%-15s first failure: %s\n", "", s.first_failure.c_str());
  if (m.run.own_connection_count && *m.run.own_connection_count != m.server_connections)
    std::printf("%-15s (the stack itself counts %llu connections)\n", "",
                static_cast<unsigned long long>(*m.run.own_connection_count));
}

double ratio(double ours, double theirs) { return theirs > 0 ? ours / theirs : 0; }

int run(const arguments& args) {
  emulator::options server_options;
  server_options.threads = args.server_threads;
  emulator::server server(server_options);
  const auto& settings = server.settings();
  const auto& key = settings.keys.at(0);

  const sdk_target target{server.endpoint(), server.ca_file().string(), settings.project_id, key.access_key,
                          key.secret_key};
  const signed_get get = signed_flavor_request(
      target.endpoint, target.ca_file,
      signing_identity{key.access_key, key.secret_key, settings.project_id, modelarts::client_options{}.user_agent});

  const auto& shape = args.shape;
  std::printf("request_rate: %zu signed GET %s per round, %u round(s), %zu in flight, <= %zu connections, "
              "warm-up %zu; emulator at %s with %u thread(s)\n\n",
              shape.requests, get.path.c_str(), args.rounds, shape.inflight, shape.max_connections,
              shape.warmup_requests, target.endpoint.c_str(), args.server_threads);
  std::fflush(stdout);

  stack ours{"modelarts-cpp", [&] { return run_sdk(target, shape, args.client_threads); }};
  stack ours_raw{"modelarts (raw)", [&] { return run_sdk(target, shape, args.client_threads, sdk_call::raw_get); }};
  stack curl{"libcurl multi", [&] { return run_curl_multi(get, shape); }};
  stack cpprest{"cpprestsdk", [&] { return run_cpprest(get, shape, args.trust); }};
  const auto selected = [&](std::string_view key_name) { return args.only.empty() || args.only == key_name; };

  std::vector<stack*> turns;
  if (selected("ours")) turns.push_back(&ours);
  if (selected("ours-raw")) turns.push_back(&ours_raw);
  if (selected("curl")) turns.push_back(&curl);
  if (selected("cpprest")) turns.push_back(&cpprest);
  // Each round starts with the next stack, so none always runs first or last.
  for (unsigned round = 0; round < args.rounds; ++round)
    for (std::size_t i = 0; i < turns.size(); ++i) run_round(server, *turns[(round + i) % turns.size()]);

  std::printf("%-15s %8s %8s %8s %8s %6s %8s %8s %8s   %s\n", "stack (best)", "req/s", "p50 ms", "p99 ms", "max ms",
              "conns", "failures", "cpu us", "client", "configuration");
  for (const auto* s : {&ours, &ours_raw, &curl, &cpprest}) print_row(*s);
  std::printf("\nreq/s by round:");
  for (const auto* s : {&ours, &ours_raw, &curl, &cpprest}) {
    if (s->round_rps.empty()) continue;
    std::printf("  %s", s->name.c_str());
    for (const double rps : s->round_rps) std::printf(" %.0f", rps);
  }
  std::printf("\n");

  const auto ours_figures = ours.comparable();
  const auto curl_figures = curl.comparable();
  const auto cpprest_figures = cpprest.comparable();
  const double vs_cpprest = ratio(ours_figures.requests_per_second, cpprest_figures.requests_per_second);
  const double vs_curl = ratio(ours_figures.requests_per_second, curl_figures.requests_per_second);
  std::printf("modelarts-cpp vs cpprestsdk: %.2fx (goal >= 3x)   vs libcurl multi: %.2fx (goal >= 1.2x)\n",
              vs_cpprest, vs_curl);
  std::printf("(conns: connections the emulator accepted in the round, warm-up included. cpu us: CPU time\n"
              " of the whole process per request, emulator included; client: of the client thread alone.\n"
              " A stack that failed requests or did not run counts as 0 below.)\n\n");

  const auto ours_connections = ours.best ? ours.best->server_connections : 0;
  std::printf("BENCH request_rate ours_rps=%.0f cpprest_rps=%.0f curl_rps=%.0f vs_cpprest=%.2f vs_curl=%.2f "
              "p50_ms=%.3f p99_ms=%.3f curl_p99_ms=%.3f cpprest_p99_ms=%.3f ours_connections=%llu\n",
              ours_figures.requests_per_second, cpprest_figures.requests_per_second, curl_figures.requests_per_second,
              vs_cpprest, vs_curl, ours_figures.p50_ms, ours_figures.p99_ms, curl_figures.p99_ms,
              cpprest_figures.p99_ms, static_cast<unsigned long long>(ours_connections));
  const bool failed = ours.failures + ours_raw.failures + curl.failures + cpprest.failures > 0 ||
                      (selected("ours") && (!ours.best || ours.best->run.skipped));
  return failed ? 1 : 0;
}

} // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "request_rate: " << e.what() << '\n';
    return 2;
  }
}
