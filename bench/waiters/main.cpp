// bench/waiters: how many concurrent waiters one thread and 16 connections
// carry, and what they cost.
//
// The parent hosts the emulator (in-process, HTTPS, phase_duration from
// --phase-ms, also sent per job as EMULATOR_PHASE_MS) and runs each side in
// a child process of its own (this executable with --child), so that each
// side's RSS and CPU time are its own. Each child creates --waiters training
// jobs (v2) on one io_context thread through one client (pool of 16
// connections) and waits for all of them:
//   modelarts-cpp  training_client::wait_for_job: 500 ms first pause, ×1.5
//                  per poll up to 5 s, ±20 % jitter
//   naive loop     get_job every 500 ms (no backoff, no jitter), same client
// Polls are counted by the emulator (GET /v2/{project}/training-jobs/…).
// Ends with one `BENCH waiters …` line.
#include "child_run.hpp"

#include <modelarts/emulator/emulator.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

namespace {

using namespace modelarts::bench;

struct side_result {
  std::map<std::string, double> values; ///< from the child's RESULT line
  std::uint64_t polls = 0;
  int exit_status = -1;

  [[nodiscard]] double get(const std::string& key) const {
    const auto it = values.find(key);
    return it == values.end() ? 0 : it->second;
  }
  [[nodiscard]] double polls_per_s() const {
    return get("wall_s") > 0 ? static_cast<double>(polls) / get("wall_s") : 0;
  }
  /// A side that did not finish counts every waiter as an error.
  [[nodiscard]] double errors(int waiters) const {
    if (values.empty()) return waiters;
    return get("errors") + (waiters - get("completed") - get("errors"));
  }
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "waiters: %s\nusage: waiters [--waiters N] [--phase-ms N] [--interval-ms N] [--deadline-s N] "
               "[--server-threads N] [--only sdk|naive]\n",
               why);
  std::exit(2);
}

int number(const char* text) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v <= 0 || v > 10'000'000) usage("a positive number was expected");
  return static_cast<int>(v);
}

/// This executable's path (a shell started by popen would read its own /proc/self/exe).
std::string self_path() {
  std::error_code ec;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("waiters") : path.string();
}

side_result run_side(const char* kind, const child_settings& s, const modelarts::emulator::server& server) {
  const auto prefix = "/v2/" + server.settings().project_id + "/training-jobs/";
  const auto polls_before = server.requests_matching("GET", prefix);
  const std::string command = self_path() + " --child " + std::string(kind) + " --waiters " +
                              std::to_string(s.waiters) + " --phase-ms " + std::to_string(s.phase_ms) +
                              " --interval-ms " + std::to_string(s.interval_ms) + " --deadline-s " +
                              std::to_string(s.deadline_s);
  side_result r;
  FILE* child = ::popen(command.c_str(), "r");
  if (child == nullptr) return r;
  char line[512];
  while (std::fgets(line, sizeof line, child) != nullptr) {
    if (std::strncmp(line, "RESULT ", 7) != 0) continue;
    std::istringstream fields(line + 7);
    std::string field;
    while (fields >> field) {
      const auto eq = field.find('=');
      if (eq != std::string::npos) r.values[field.substr(0, eq)] = std::strtod(field.c_str() + eq + 1, nullptr);
    }
  }
  r.exit_status = ::pclose(child);
  r.polls = server.requests_matching("GET", prefix) - polls_before;
  return r;
}

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

} // namespace

int main(int argc, char** argv) {
  child_settings s;
  std::string child_kind;
  std::string only;
  unsigned server_threads = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
    const char* value = argv[++i];
    if (arg == "--waiters") s.waiters = number(value);
    else if (arg == "--phase-ms") s.phase_ms = number(value);
    else if (arg == "--interval-ms") s.interval_ms = number(value);
    else if (arg == "--deadline-s") s.deadline_s = number(value);
    else if (arg == "--server-threads") server_threads = static_cast<unsigned>(number(value));
    else if (arg == "--child") child_kind = value;
    else if (arg == "--only") only = value;
    else usage(("unknown option " + arg).c_str());
  }
  if (!child_kind.empty()) {
    if (child_kind != "sdk" && child_kind != "naive") usage("--child takes sdk or naive");
    s.kind = child_kind == "sdk" ? waiter_kind::sdk : waiter_kind::naive;
    return run_child(s);
  }

  modelarts::emulator::options eo;
  eo.phase_duration = std::chrono::milliseconds(s.phase_ms);
  eo.threads = server_threads;
  modelarts::emulator::server server(eo);
  // The children build their client from the environment alone.
  ::setenv("MODELARTS_REGION", server.settings().region.c_str(), 1);
  ::setenv("MODELARTS_PROJECT_ID", server.settings().project_id.c_str(), 1);
  ::setenv("MODELARTS_ENDPOINT", server.endpoint().c_str(), 1);
  ::setenv("MODELARTS_IAM_ENDPOINT", server.endpoint().c_str(), 1);
  ::setenv("MODELARTS_OBS_ENDPOINT", server.endpoint().c_str(), 1);
  ::setenv("MODELARTS_CA_FILE", server.ca_file().c_str(), 1);
  ::setenv("HUAWEICLOUD_SDK_AK", server.settings().keys.front().access_key.c_str(), 1);
  ::setenv("HUAWEICLOUD_SDK_SK", server.settings().keys.front().secret_key.c_str(), 1);
  ::setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", "/nonexistent/waiters-bench-profile", 1);

  std::printf("waiters: %d jobs per side, phases of %d ms (3 until Completed), first poll pause %d ms, "
              "1 client thread, pool of 16, emulator on %u thread(s)\n",
              s.waiters, s.phase_ms, s.interval_ms, server_threads);
  side_result sdk;
  side_result naive;
  if (only.empty() || only == "sdk") sdk = run_side("sdk", s, server);
  if (only.empty() || only == "naive") naive = run_side("naive", s, server);

  std::printf("\n%-26s %9s %9s %8s %9s %11s %7s %8s\n", "side", "completed", "wall_s", "cpu_s", "rss_mib", "polls",
              "polls/s", "errors");
  const auto row = [&](const char* name, const side_result& r) {
    std::printf("%-26s %9.0f %9.2f %8.2f %9.1f %11llu %7.0f %8.0f\n", name, r.get("completed"), r.get("wall_s"),
                r.get("cpu_s"), r.get("rss_mib"), static_cast<unsigned long long>(r.polls), r.polls_per_s(),
                r.errors(s.waiters));
  };
  row("modelarts-cpp wait_for_job", sdk);
  row("naive fixed-interval loop", naive);
  std::printf("\nnaive / modelarts-cpp: polls %.2fx, cpu %.2fx, rss %.2fx, wall %.2fx\n",
              ratio(static_cast<double>(naive.polls), static_cast<double>(sdk.polls)),
              ratio(naive.get("cpu_s"), sdk.get("cpu_s")), ratio(naive.get("rss_mib"), sdk.get("rss_mib")),
              ratio(naive.get("wall_s"), sdk.get("wall_s")));

  std::printf("BENCH waiters waiters=%d rss_mib=%.1f cpu_s=%.2f polls_per_s=%.0f errors=%.0f polls=%llu wall_s=%.2f "
              "naive_rss_mib=%.1f naive_cpu_s=%.2f naive_polls_per_s=%.0f naive_errors=%.0f naive_polls=%llu "
              "naive_wall_s=%.2f polls_ratio=%.2f cpu_ratio=%.2f rss_ratio=%.2f\n",
              s.waiters, sdk.get("rss_mib"), sdk.get("cpu_s"), sdk.polls_per_s(), sdk.errors(s.waiters),
              static_cast<unsigned long long>(sdk.polls), sdk.get("wall_s"), naive.get("rss_mib"),
              naive.get("cpu_s"), naive.polls_per_s(), naive.errors(s.waiters),
              static_cast<unsigned long long>(naive.polls), naive.get("wall_s"),
              ratio(static_cast<double>(naive.polls), static_cast<double>(sdk.polls)),
              ratio(naive.get("cpu_s"), sdk.get("cpu_s")), ratio(naive.get("rss_mib"), sdk.get("rss_mib")));
  const bool ran_all = (only == "naive" || sdk.exit_status == 0) && (only == "sdk" || naive.exit_status == 0);
  return ran_all ? 0 : 1;
}
