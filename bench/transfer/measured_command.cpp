#include "measured_command.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <stdexcept>

extern char** environ;

namespace modelarts::bench {
namespace {

std::string read_whole(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// `name=value` fields of the probe's report line.
command_cost parse_report(const std::string& line) {
  command_cost cost;
  double user = 0;
  double sys = 0;
  long rss = 0;
  if (std::sscanf(line.c_str(), "exit=%d signal=%d wall_s=%lf user_s=%lf sys_s=%lf max_rss_kib=%ld", &cost.exit_code,
                  &cost.term_signal, &cost.wall_seconds, &user, &sys, &rss) != 6)
    throw std::runtime_error("unreadable report from transfer_rss_probe: '" + line + "'");
  cost.cpu_seconds = user + sys;
  cost.peak_rss_kib = static_cast<std::uint64_t>(rss);
  return cost;
}

} // namespace

std::string command_cost::status_text() const {
  return term_signal != 0 ? "signal " + std::to_string(term_signal) : "exit " + std::to_string(exit_code);
}

command_runner::command_runner(std::filesystem::path probe, std::filesystem::path scratch)
    : probe_(std::move(probe)), scratch_(std::move(scratch)) {
  std::filesystem::create_directories(scratch_);
}

command_cost command_runner::run(const std::vector<std::string>& argv) const {
  const auto report = scratch_ / "probe-report.txt";
  const auto output = scratch_ / "command-stdout.txt";
  std::filesystem::remove(report);

  std::vector<std::string> full{probe_.string(), report.string()};
  full.insert(full.end(), argv.begin(), argv.end());
  std::vector<char*> args;
  for (auto& a : full) args.push_back(a.data());
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, probe_.c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + probe_.string() + ": " + std::strerror(spawned));

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("transfer_rss_probe failed while running " + argv.front());
  std::string line = read_whole(report);
  auto cost = parse_report(line);
  cost.output = read_whole(output);
  return cost;
}

} // namespace modelarts::bench
