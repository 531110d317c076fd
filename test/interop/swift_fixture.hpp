// Starts OpenStack Swift with s3api (scripts/swift/start.sh) once for a test
// program and builds OBS clients for it: V4 signatures, path-style addressing,
// plain HTTP on 127.0.0.1.
#pragma once

#include <modelarts/modelarts.hpp>
#include <modelarts/obs/obs_client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace swift_support {

namespace asio = boost::asio;

/// Runs a shell command and returns what it printed; throws when it fails.
inline std::string shell(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
  std::array<char, 4096> buffer{};
  while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  if (::pclose(pipe) != 0) throw std::runtime_error("command failed: " + command + "\n" + out);
  return out;
}

struct swift_server {
  std::filesystem::path data;
  std::string endpoint, access_key, secret_key, region;

  swift_server() {
    char pattern[] = "/tmp/modelarts-swift-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    data = pattern;
    const std::string scripts = std::string(MODELARTS_SOURCE_DIR) + "/scripts/swift/";
    shell(scripts + "start.sh " + data.string() + " >/dev/null");
    // The env file is shell syntax: let the shell read it.
    const auto value = [&](const char* name) {
      auto v = shell(". " + (data / "env").string() + " && printf %s \"$" + name + "\"");
      return v;
    };
    endpoint = value("SWIFT_S3_ENDPOINT");
    access_key = value("SWIFT_S3_ACCESS_KEY");
    secret_key = value("SWIFT_S3_SECRET_KEY");
    region = value("SWIFT_S3_REGION");
  }

  ~swift_server() {
    const std::string scripts = std::string(MODELARTS_SOURCE_DIR) + "/scripts/swift/";
    try {
      shell(scripts + "stop.sh " + data.string() + " >/dev/null 2>&1");
    } catch (const std::exception&) {
    }
    std::error_code ec;
    std::filesystem::remove_all(data, ec);
  }

  [[nodiscard]] modelarts::client_options options() const {
    modelarts::client_options o;
    o.region = region;
    o.project_id = "swift-interop"; // ModelArts calls need one; OBS does not use it
    o.endpoint.modelarts = endpoint;
    o.endpoint.iam = endpoint;
    o.endpoint.obs = endpoint;
    o.obs.signature = modelarts::obs_signature::v4;
    o.obs.addressing = modelarts::obs_addressing::path;
    o.retry.initial_backoff = std::chrono::milliseconds(10);
    o.retry.max_backoff = std::chrono::milliseconds(200);
    return o;
  }

  [[nodiscard]] modelarts::credentials keys() const {
    modelarts::credentials c;
    c.access_key = access_key;
    c.secret_key = secret_key;
    return c;
  }
};

/// One Swift for the whole test program (it takes seconds to start).
inline swift_server& server() {
  static swift_server s;
  return s;
}

/// Runs a coroutine to completion on its own io_context.
template <class T>
T run(asio::io_context& io, asio::awaitable<T> op) {
  std::optional<T> result;
  std::exception_ptr failure;
  asio::co_spawn(io, std::move(op), [&](std::exception_ptr e, T v) {
    failure = e;
    if (!e) result.emplace(std::move(v));
  });
  io.restart();
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*result);
}

inline void run(asio::io_context& io, asio::awaitable<void> op) {
  std::exception_ptr failure;
  asio::co_spawn(io, std::move(op), [&](std::exception_ptr e) { failure = e; });
  io.restart();
  io.run();
  if (failure) std::rethrow_exception(failure);
}

} // namespace swift_support
