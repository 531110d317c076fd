// Starts an emulator and builds clients pointed at it; runs coroutines to completion.
#pragma once

#include <modelarts/emulator/emulator.hpp>
#include <modelarts/modelarts.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <utility>

namespace test_support {

namespace asio = boost::asio;

inline modelarts::emulator::options default_emulator_options() { return {}; }

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

} // namespace test_support
