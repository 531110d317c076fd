// bench/request_rate: signed small GETs against the emulator, through the SDK
// and, in the same run and against the same server, through libcurl multi and
// cpprestsdk (the HTTP stack of the official Huawei Cloud C++ SDK).
//
//   request_rate [--requests N] [--inflight N] [--threads N] [--server-threads N]
//                [--cpprest-trust callback|env] [--only ours|curl|cpprest]
//
// Ends with one line:
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

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

using namespace modelarts::bench;
namespace emulator = modelarts::emulator;

struct arguments {
  load_shape shape;
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
    else if (flag == "--threads") args.client_threads = static_cast<unsigned>(positive(flag, value));
    else if (flag == "--server-threads") args.server_threads = static_cast<unsigned>(positive(flag, value));
    else if (flag == "--cpprest-trust") {
      const std::string_view v = value;
      if (v == "callback") args.trust = cpprest_trust::context_callback;
      else if (v == "env") args.trust = cpprest_trust::ssl_cert_file;
      else throw std::invalid_argument("--cpprest-trust takes callback or env");
    } else if (flag == "--only") {
      args.only = value;
      if (args.only != "ours" && args.only != "curl" && args.only != "cpprest")
        throw std::invalid_argument("--only takes ours, curl or cpprest");
    } else {
      throw std::invalid_argument("unknown argument " + std::string(flag));
    }
  }
  args.shape.warmup_requests = args.shape.inflight;
  return args;
}

/// A run plus what the server saw of it.
struct measured_stack {
  run_result run;
  latency_summary summary;
  std::uint64_t server_connections = 0;
};

measured_stack measure(emulator::server& server, const std::function<run_result()>& run) {
  const auto before = server.statistics();
  measured_stack m;
  try {
    m.run = run();
  } catch (const std::exception& e) {
    m.run.skipped = true;
    m.run.skip_reason = std::string("failed: ") + e.what();
  }
  m.server_connections = server.statistics().connections_accepted - before.connections_accepted;
  m.summary = summarise(m.run);
  return m;
}

void print_row(const measured_stack& m) {
  if (m.run.skipped) {
    std::printf("%-15s skipped: %s\n", m.run.stack.c_str(), m.run.skip_reason.c_str());
    return;
  }
  std::printf("%-15s %10.0f %9.2f %9.2f %9.2f %6llu %8zu   %s\n", m.run.stack.c_str(),
              m.summary.requests_per_second, m.summary.p50_ms, m.summary.p99_ms, m.summary.max_ms,
              static_cast<unsigned long long>(m.server_connections), m.run.failures,
              m.run.configuration.c_str());
  if (m.run.failures > 0) std::printf("%-15s first failure: %s\n", "", m.run.first_failure.c_str());
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
  std::printf("request_rate: %zu signed GET %s, %zu in flight, <= %zu connections, warm-up %zu; "
              "emulator at %s with %u thread(s)\n\n",
              shape.requests, get.path.c_str(), shape.inflight, shape.max_connections, shape.warmup_requests,
              target.endpoint.c_str(), args.server_threads);
  std::fflush(stdout);

  const auto wanted = [&](std::string_view name) { return args.only.empty() || args.only == name; };
  const auto not_run = [](const char* stack) {
    run_result r;
    r.stack = stack;
    r.skipped = true;
    r.skip_reason = "not selected (--only)";
    return r;
  };
  const auto ours = measure(server, [&] {
    return wanted("ours") ? run_sdk(target, shape, args.client_threads) : not_run("modelarts-cpp");
  });
  const auto curl = measure(server, [&] { return wanted("curl") ? run_curl_multi(get, shape) : not_run("libcurl multi"); });
  const auto cpprest = measure(server, [&] {
    return wanted("cpprest") ? run_cpprest(get, shape, args.trust) : not_run("cpprestsdk");
  });

  std::printf("%-15s %10s %9s %9s %9s %6s %8s   %s\n", "stack", "req/s", "p50 ms", "p99 ms", "max ms", "conns",
              "failures", "configuration");
  for (const auto* m : {&ours, &curl, &cpprest}) print_row(*m);

  const double vs_cpprest = ratio(ours.summary.requests_per_second, cpprest.summary.requests_per_second);
  const double vs_curl = ratio(ours.summary.requests_per_second, curl.summary.requests_per_second);
  std::printf("\nmodelarts-cpp vs cpprestsdk: %.2fx (goal >= 3x)   vs libcurl multi: %.2fx (goal >= 1.2x)\n",
              vs_cpprest, vs_curl);
  std::printf("(conns: connections the emulator accepted during the stack's warm-up and run)\n\n");

  std::printf("BENCH request_rate ours_rps=%.0f cpprest_rps=%.0f curl_rps=%.0f vs_cpprest=%.2f vs_curl=%.2f "
              "p50_ms=%.3f p99_ms=%.3f curl_p99_ms=%.3f cpprest_p99_ms=%.3f ours_connections=%llu\n",
              ours.summary.requests_per_second, cpprest.summary.requests_per_second,
              curl.summary.requests_per_second, vs_cpprest, vs_curl, ours.summary.p50_ms, ours.summary.p99_ms,
              curl.summary.p99_ms, cpprest.summary.p99_ms, static_cast<unsigned long long>(ours.server_connections));
  const bool failed = ours.run.failures + curl.run.failures + cpprest.run.failures > 0 ||
                      (wanted("ours") && ours.run.skipped);
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
