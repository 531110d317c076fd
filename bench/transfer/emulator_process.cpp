#include "emulator_process.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace modelarts::bench {
namespace {

/// `'a'\''b'` → `a'b`.
std::string unquote_shell_word(std::string_view word) {
  std::string out;
  bool quoted = false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (c == '\'') {
      quoted = !quoted;
    } else if (!quoted && c == '\\' && i + 1 < word.size()) {
      out += word[++i];
    } else {
      out += c;
    }
  }
  return out;
}

/// The fields of /proc/<pid>/stat after the command name.
std::vector<std::string> stat_fields(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  // The command name is in parentheses and may hold spaces: start after ')'.
  const auto close = line.rfind(')');
  std::istringstream rest(close == std::string::npos ? std::string() : line.substr(close + 1));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;
}

bool wait_exited(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno == ECHILD)) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

} // namespace

std::map<std::string, std::string> read_env_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::map<std::string, std::string> vars;
  for (std::string line; std::getline(in, line);) {
    constexpr std::string_view prefix = "export ";
    if (line.rfind(prefix, 0) != 0) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    vars[line.substr(prefix.size(), eq - prefix.size())] = unquote_shell_word(std::string_view(line).substr(eq + 1));
  }
  return vars;
}

emulator_process::emulator_process(const std::filesystem::path& binary, const std::filesystem::path& data_dir) {
  std::filesystem::create_directories(data_dir);
  const auto env_file = data_dir / "emulator.env";
  const auto log_file = data_dir / "emulator.log";
  std::vector<std::string> argv{binary.string(), "--data-dir", data_dir.string(), "--env-file", env_file.string()};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int spawned = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start " + binary.string() + ": " + std::strerror(spawned));
  }

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!std::filesystem::exists(env_file)) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error(binary.string() + " exited before it was ready");
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error(binary.string() + " did not write " + env_file.string() + " within 10 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  environment_ = read_env_file(env_file);
}

emulator_process::~emulator_process() { stop(); }

void emulator_process::stop() {
  if (pid_ < 0) return;
  kill(pid_, SIGTERM);
  if (!wait_exited(pid_, std::chrono::seconds(10))) {
    kill(pid_, SIGKILL);
    wait_exited(pid_, std::chrono::seconds(10));
  }
  pid_ = -1;
}

double emulator_process::cpu_seconds() const {
  if (pid_ < 0) return 0;
  // After ')': state is field 0, utime field 11, stime field 12 (proc(5) fields 14 and 15).
  const auto fields = stat_fields(pid_);
  if (fields.size() < 13) return 0;
  const double ticks = std::stod(fields[11]) + std::stod(fields[12]);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::uint64_t emulator_process::peak_rss_kib() const {
  if (pid_ < 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6));
  }
  return 0;
}

} // namespace modelarts::bench
