// The modelarts-emulator binary as a separate process, so its memory and CPU
// are not mixed with the client's.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace modelarts::bench {

class emulator_process {
public:
  /// Starts `binary --data-dir <data_dir> --env-file <data_dir>/emulator.env`
  /// and waits (10 s at most) for the env file. Throws std::runtime_error
  /// when the emulator exits or does not come up.
  emulator_process(const std::filesystem::path& binary, const std::filesystem::path& data_dir);
  /// Stops the emulator (SIGTERM, then SIGKILL after 10 s).
  ~emulator_process();
  emulator_process(const emulator_process&) = delete;
  emulator_process& operator=(const emulator_process&) = delete;

  /// The `export NAME=value` lines it wrote: endpoints, CA file, keys.
  [[nodiscard]] const std::map<std::string, std::string>& environment() const { return environment_; }
  /// CPU seconds (user + system) it has used so far.
  [[nodiscard]] double cpu_seconds() const;
  /// Its peak RSS so far (VmHWM).
  [[nodiscard]] std::uint64_t peak_rss_kib() const;

  void stop();

private:
  pid_t pid_ = -1;
  std::map<std::string, std::string> environment_;
};

/// The variables of a file of `export NAME='value'` lines (POSIX single quotes).
std::map<std::string, std::string> read_env_file(const std::filesystem::path& file);

} // namespace modelarts::bench
