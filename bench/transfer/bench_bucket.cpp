#include "bench_bucket.hpp"

#include <modelarts/client.hpp>
#include <modelarts/error.hpp>
#include <modelarts/obs/obs_client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <thread>

namespace modelarts::bench {

namespace asio = boost::asio;

/// The client lives on its own thread; calls wait for their result. (Running
/// the io_context until it is out of work would also wait for the
/// connection pool's idle timers.)
struct bench_bucket::state {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  modelarts::client client = modelarts::client::from_environment(io.get_executor());
  std::thread thread{[this] { io.run(); }};

  ~state() {
    work.reset();
    io.stop();
    thread.join();
  }

  template <class T>
  T wait(asio::awaitable<T> call) {
    return asio::co_spawn(io, std::move(call), asio::use_future).get();
  }
};

bench_bucket::bench_bucket(std::string name) : name_(std::move(name)), state_(std::make_unique<state>()) {}
bench_bucket::~bench_bucket() = default;

std::string bench_bucket::url_of(std::string_view key) const { return "obs://" + name_ + "/" + std::string(key); }

void bench_bucket::create() {
  const auto obs = state_->client.obs();
  if (!state_->wait(obs.bucket_exists(name_))) state_->wait(obs.create_bucket(name_));
}

std::string bench_bucket::presigned(std::string_view method, std::string_view key) const {
  return state_->client.obs().presigned_url(method, name_, key, std::chrono::hours(1));
}

std::optional<stored_object> bench_bucket::head(const std::string& key) {
  const auto obs = state_->client.obs();
  try {
    const auto h = state_->wait(obs.head_object(name_, key));
    return stored_object{h.size, h.etag};
  } catch (const modelarts::api_error& e) {
    if (e.http_status() == 404) return std::nullopt;
    throw;
  }
}

std::map<std::string, stored_object> bench_bucket::list(const std::string& prefix) {
  const auto objects = state_->wait(state_->client.obs().list_all_objects(name_, prefix));
  std::map<std::string, stored_object> out;
  for (const auto& o : objects) out[o.key] = {o.size, o.etag};
  return out;
}

void bench_bucket::remove(const std::string& key) { state_->wait(state_->client.obs().delete_object(name_, key)); }

} // namespace modelarts::bench
