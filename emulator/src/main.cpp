// modelarts-emulator: runs the emulator until SIGINT or SIGTERM, so examples,
// benchmarks and the CLI can be pointed at it from a shell.
#include "modelarts/emulator/emulator.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <pthread.h>

namespace {

namespace emu = modelarts::emulator;

constexpr std::string_view usage = R"(usage: modelarts-emulator [options]

A local fake of Huawei Cloud IAM, ModelArts and OBS for tests, examples and benchmarks.
OBS data lives under <data-dir>/obs (kept across runs with --data-dir).

  --http           plain HTTP instead of HTTPS
  --port N         port to listen on (default: an ephemeral port)
  --address A      address to listen on (default: 127.0.0.1)
  --data-dir D     folder for ca.pem and service data (default: a temporary folder;
                   for upload benchmarks a tmpfs folder avoids disk writeback stalls)
  --threads N      network threads (default 1)
  --worker-threads N  threads hashing and writing upload bodies (default 2)
  --env-file F     once listening, write `export NAME=value` lines that point the SDK,
                   the CLI and the examples at the emulator (user, password, keys included)
  --help           this text

Prints "modelarts-emulator listening on <endpoint>" and runs until SIGINT or SIGTERM.
)";

/// Single-quoted for a POSIX shell.
std::string shell_quote(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

void write_env_file(const std::filesystem::path& path, const emu::server& server) {
  const auto& s = server.settings();
  const auto endpoint = server.endpoint();
  std::string text = "# Written by modelarts-emulator: source this file to use the emulator.\n";
  const auto add = [&](std::string_view name, std::string_view value) {
    text += "export ";
    text += name;
    text += '=';
    text += shell_quote(value);
    text += '\n';
  };
  add("MODELARTS_ENDPOINT", endpoint);
  add("MODELARTS_IAM_ENDPOINT", endpoint);
  add("MODELARTS_OBS_ENDPOINT", endpoint);
  if (!server.ca_file().empty()) add("MODELARTS_CA_FILE", server.ca_file().string());
  add("MODELARTS_REGION", s.region);
  add("MODELARTS_PROJECT_ID", s.project_id);
  if (!s.users.empty()) {
    add("HUAWEICLOUD_SDK_USERNAME", s.users.front().user_name);
    add("HUAWEICLOUD_SDK_PASSWORD", s.users.front().password);
    add("HUAWEICLOUD_SDK_DOMAIN_NAME", s.users.front().domain_name);
  }
  if (!s.keys.empty()) {
    add("HUAWEICLOUD_SDK_AK", s.keys.front().access_key);
    add("HUAWEICLOUD_SDK_SK", s.keys.front().secret_key);
  }
  // Temporary name + rename: a script waiting for the file never sees half of it.
  auto temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + temporary.string());
  }
  std::filesystem::permissions(temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::rename(temporary, path);
}

[[noreturn]] void bad_usage(std::string_view why) {
  std::cerr << "modelarts-emulator: " << why << "\n\n" << usage;
  std::exit(2);
}

} // namespace

int main(int argc, char** argv) {
  emu::options opts;
  std::filesystem::path env_file;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) bad_usage(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << usage;
      return 0;
    } else if (arg == "--http") {
      opts.tls = false;
    } else if (arg == "--port") {
      const std::string text(value());
      char* end = nullptr;
      const unsigned long port = std::strtoul(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || port > 65535) bad_usage("--port takes a number from 0 to 65535");
      opts.port = static_cast<std::uint16_t>(port);
    } else if (arg == "--address") {
      opts.address = std::string(value());
      const bool wildcard = opts.address == "0.0.0.0" || opts.address == "::";
      if (!wildcard && std::find(opts.certificate_names.begin(), opts.certificate_names.end(),
                                 opts.address) == opts.certificate_names.end())
        opts.certificate_names.push_back(opts.address);
    } else if (arg == "--threads" || arg == "--worker-threads") {
      const std::string text(value());
      char* end = nullptr;
      const unsigned long n = std::strtoul(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || n < 1 || n > 64) bad_usage(std::string(arg) + " takes a number from 1 to 64");
      (arg == "--threads" ? opts.threads : opts.worker_threads) = static_cast<unsigned>(n);
    } else if (arg == "--data-dir") {
      opts.data_dir = std::string(value());
    } else if (arg == "--env-file") {
      env_file = std::string(value());
    } else {
      bad_usage("unknown option " + std::string(arg));
    }
  }

  // Blocked before the server's threads start, so they inherit the mask and
  // the signals are taken by sigwait below only.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    emu::server server(std::move(opts));
    if (!env_file.empty()) write_env_file(env_file, server);
    std::cout << "modelarts-emulator listening on " << server.endpoint() << std::endl;
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "modelarts-emulator: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
