// The state an obs_transfer and its copies share: the client, the resolved
// options, the strand every transfer coroutine runs on, the scheduler that
// bounds requests and bytes in flight, the I/O threads that read, hash and
// write file data, and the part buffers uploads and downloads reuse.
#pragma once

#include "obs/obs_request.hpp"
#include "obs/transfer_md5_batcher.hpp"
#include "obs/transfer_scheduler.hpp"
#include "obs/transfer_tasks.hpp"

#include <modelarts/client.hpp>
#include <modelarts/obs/obs_client.hpp>
#include <modelarts/obs/transfer.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace modelarts::detail {

class client_core;

class transfer_engine {
public:
  /// Throws std::invalid_argument for unusable options (concurrency 0...).
  transfer_engine(const client& c, obs::transfer_options options);
  ~transfer_engine();
  transfer_engine(const transfer_engine&) = delete;
  transfer_engine& operator=(const transfer_engine&) = delete;

  [[nodiscard]] const obs::transfer_options& options() const { return options_; }
  [[nodiscard]] obs_client obs() const { return client_.obs(); }
  [[nodiscard]] client_core& core() const { return *client_.core(); }
  [[nodiscard]] const obs::request_factory& requests() const { return requests_; }
  [[nodiscard]] obs::transfer::strand_executor strand() const { return strand_; }
  [[nodiscard]] obs::transfer::transfer_scheduler& scheduler() { return scheduler_; }
  /// Content-MD5s of upload bodies, batched over the I/O threads.
  [[nodiscard]] obs::transfer::md5_batcher& hasher() { return hasher_; }
  /// A fresh flow (scheduler queue) id: one per file.
  std::uint64_t next_flow() { return ++flows_; }

  /// Runs `op` once `flow` holds a request slot. Requests that are not parts
  /// (HEAD, initiate, list, complete, abort) take one too: the limit is on
  /// all requests in flight.
  template <class T>
  boost::asio::awaitable<T> in_slot(std::uint64_t flow, boost::asio::awaitable<T> op) {
    auto grant = co_await scheduler_.acquire(flow, 0);
    if constexpr (std::is_void_v<T>) {
      co_await std::move(op);
    } else {
      co_return co_await std::move(op);
    }
  }

  /// The part size for a file of this size (see transfer_options::part_size).
  [[nodiscard]] std::uint64_t part_size_for(std::uint64_t file_size) const;
  /// Files up to this size travel in one request: the threshold, capped by
  /// the memory budget since one request holds the whole file.
  [[nodiscard]] std::uint64_t single_request_limit() const;

  /// Runs `f` on an I/O thread and resumes on the caller's executor with its
  /// result or exception. `f` must touch only what is safe off the strand.
  ///
  /// Pass a named lambda (`auto work = [...] {...}; co_await on_io_thread(std::move(work));`),
  /// never a lambda written inside the co_await expression: g++ 12 destroys
  /// such a closure twice when it captures something with a destructor.
  ///
  /// The work is not cancellable (it is short, and it owns no request): the
  /// completion carries no cancellation slot. Otherwise co_spawn would post
  /// the caller's cancellation to the I/O thread, where it could arrive after
  /// the caller has moved on and its slot holds something else.
  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F&>> on_io_thread(F f) {
    using result = std::invoke_result_t<F&>;
    return boost::asio::co_spawn(
        io_threads_.get_executor(),
        [f = std::move(f)]() mutable -> boost::asio::awaitable<result> {
          if constexpr (std::is_void_v<result>) {
            f();
            co_return;
          } else {
            co_return f();
          }
        },
        boost::asio::bind_cancellation_slot(boost::asio::cancellation_slot(), boost::asio::use_awaitable));
  }

  /// One part's attempts: runs `attempt` until it succeeds, at most
  /// options().part_attempts times, and only while its failure is worth
  /// another try (worth_retrying). `after_failure` sees each failure first:
  /// it undoes what the attempt counted or wrote and may translate the
  /// failure (e.g. a 412 into object_changed); the translated one decides and
  /// is what throws at the end.
  ///
  /// Pass named std::function objects (see on_io_thread for why).
  boost::asio::awaitable<void>
  with_part_attempts(const std::function<boost::asio::awaitable<void>()>& attempt,
                     const std::function<std::exception_ptr(std::exception_ptr)>& after_failure);

  /// An empty buffer with at least `capacity` reserved, reused when possible.
  std::string take_buffer(std::size_t capacity);
  void give_back_buffer(std::string buffer);

private:
  client client_;
  obs::transfer_options options_;
  obs::request_factory requests_;
  obs::transfer::strand_executor strand_;
  obs::transfer::transfer_scheduler scheduler_;
  boost::asio::thread_pool io_threads_;
  obs::transfer::md5_batcher hasher_;
  std::vector<std::string> spare_buffers_;
  std::uint64_t flows_ = 0;
};

} // namespace modelarts::detail
