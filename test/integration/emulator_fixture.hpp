// Starts an emulator and builds clients pointed at it; runs coroutines to completion.
#pragma once

#include <modelarts/emulator/emulator.hpp>
#include <modelarts/modelarts.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <system_error>
#include <utility>

namespace test_support {

namespace asio = boost::asio;

inline modelarts::emulator::options default_emulator_options() { return {}; }

/// The emulator with OBS parts as small as 1 KiB accepted, for multipart
/// tests with parts of tens of KiB.
inline modelarts::emulator::options small_parts_emulator() {
  auto o = default_emulator_options();
  o.obs_min_part_size = 1024;
  return o;
}

/// A plain-HTTP emulator, for tests that talk to it with a raw client.
inline modelarts::emulator::options plain_http_emulator() {
  auto o = default_emulator_options();
  o.tls = false;
  return o;
}

struct emulator_fixture {
  explicit emulator_fixture(modelarts::emulator::options o = default_emulator_options()) : server(std::move(o)) {}

  modelarts::emulator::server server;
  asio::io_context io;

  /// Options that reach the emulator with verification on, and quick retries.
  [[nodiscard]] modelarts::client_options options() const {
    modelarts::client_options o;
    o.region = server.settings().region;
    o.project_id = server.settings().project_id;
    o.endpoint.modelarts = server.endpoint();
    o.endpoint.iam = server.endpoint();
    o.endpoint.obs = server.endpoint();
    o.tls.ca_file = server.ca_file();
    o.retry.initial_backoff = std::chrono::milliseconds(5);
    o.retry.max_backoff = std::chrono::milliseconds(50);
    o.timeout.attempt = std::chrono::seconds(20);
    o.timeout.total = std::chrono::seconds(60);
    return o;
  }

  [[nodiscard]] modelarts::credentials access_key() const {
    modelarts::credentials c;
    c.access_key = server.settings().keys.front().access_key;
    c.secret_key = server.settings().keys.front().secret_key;
    return c;
  }

  [[nodiscard]] modelarts::credentials password() const {
    const auto& u = server.settings().users.front();
    modelarts::credentials c;
    c.user_name = u.user_name;
    c.password = u.password;
    c.domain_name = u.domain_name;
    return c;
  }

  [[nodiscard]] modelarts::client make_client(modelarts::client_options o, modelarts::credentials c) {
    return modelarts::client(io.get_executor(), std::move(o), std::move(c));
  }
  [[nodiscard]] modelarts::client make_client() { return make_client(options(), access_key()); }

  /// Runs `op` on the fixture's io_context until it finishes; returns its value or rethrows.
  template <class T>
  T run(asio::awaitable<T> op) {
    std::optional<T> result;
    std::exception_ptr failure;
    asio::co_spawn(io, std::move(op), [&](std::exception_ptr e, T value) {
      failure = e;
      if (!e) result.emplace(std::move(value));
    });
    io.restart();
    io.run();
    if (failure) std::rethrow_exception(failure);
    return std::move(*result);
  }

  void run(asio::awaitable<void> op) {
    std::exception_ptr failure;
    asio::co_spawn(io, std::move(op), [&](std::exception_ptr e) { failure = e; });
    io.restart();
    io.run();
    if (failure) std::rethrow_exception(failure);
  }

  [[nodiscard]] std::uint64_t flavor_requests() const {
    return server.requests_matching("GET", "/v2/" + server.settings().project_id + "/training-job-flavors");
  }
};

/// The system_error code of what `f` throws; a default code when it throws nothing.
template <class F>
boost::system::error_code code_of(F&& f) {
  try {
    std::forward<F>(f)();
  } catch (const boost::system::system_error& e) {
    return e.code();
  }
  return {};
}

/// Local files for transfer tests. In their own namespace so that a test
/// file with `using namespace test_support` and helpers of the same names
/// stays unambiguous.
namespace local_files {

/// A fresh folder under the system's temporary folder, removed with everything in it.
struct temp_dir {
  std::filesystem::path path;
  explicit temp_dir(const std::string& name_prefix = "modelarts-test-") {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / (name_prefix + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
};

/// Deterministic bytes that differ from seed to seed and from block to block.
inline std::string pseudo_random(std::size_t n, std::uint64_t seed) {
  std::string out(n, '\0');
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
  for (auto& c : out) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x & 0xff);
  }
  return out;
}

/// Writes `data` to `p`, creating its parent folders.
inline void write_file(const std::filesystem::path& p, const std::string& data) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << data;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Every regular file under `root`, as relative generic paths.
inline std::set<std::string> files_under(const std::filesystem::path& root) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.is_regular_file()) out.insert(e.path().lexically_relative(root).generic_string());
  return out;
}

} // namespace local_files

} // namespace test_support
