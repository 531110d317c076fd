// Runs a command through transfer_rss_probe and returns what it cost: wall
// time, CPU time and peak RSS of that command alone.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace modelarts::bench {

struct command_cost {
  int exit_code = -1;  ///< -1 when killed by a signal
  int term_signal = 0;
  double wall_seconds = 0;  ///< fork to exit, as the probe saw it
  double cpu_seconds = 0;   ///< user + system
  std::uint64_t peak_rss_kib = 0;
  std::string output;       ///< what the command wrote to stdout

  [[nodiscard]] bool succeeded() const { return exit_code == 0 && term_signal == 0; }
  /// "exit 3", "signal 9".
  [[nodiscard]] std::string status_text() const;
};

class command_runner {
public:
  /// `probe`: the transfer_rss_probe executable; `scratch`: a folder for
  /// the probe's report and the command's stdout.
  command_runner(std::filesystem::path probe, std::filesystem::path scratch);

  /// Runs `argv` (argv[0] looked up in PATH) to completion; its stderr goes
  /// to ours. Throws std::runtime_error when the probe itself fails.
  [[nodiscard]] command_cost run(const std::vector<std::string>& argv) const;

private:
  std::filesystem::path probe_;
  std::filesystem::path scratch_;
};

} // namespace modelarts::bench
