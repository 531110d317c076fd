// The Content-MD5s of upload bodies, several at a time. One MD5 is a serial
// chain, but a multi-buffer engine (auth::md5_many) hashes up to 16 bodies for
// about the cost of one. Bodies join a queue; a batch leaves for an I/O
// thread when no other body is still being read (or the lanes are full), and
// bodies that arrive meanwhile make up the next batch. Parts of an upload are
// granted and read in waves, so batches fill up without any timer, and a
// lone body waits for nothing.
//
// Not thread-safe: used from the transfer strand.
#pragma once

#include "obs/obs_request.hpp"
#include "obs/transfer_tasks.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace modelarts::obs::transfer {

class md5_batcher {
public:
  /// A body announced before it is read: a batch waits for it rather than
  /// leave with a lane empty. Handed to digest(), or dropped when the read failed.
  class ticket {
  public:
    ticket(ticket&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    ticket& operator=(ticket&&) = delete;
    ~ticket();

  private:
    friend class md5_batcher;
    explicit ticket(md5_batcher* owner) : owner_(owner) {}
    md5_batcher* owner_;
  };

  md5_batcher(strand_executor strand, boost::asio::thread_pool::executor_type workers);
  md5_batcher(const md5_batcher&) = delete;
  md5_batcher& operator=(const md5_batcher&) = delete;

  [[nodiscard]] ticket expect();

  /// The MD5 of `bytes`, using up `announced`. The bytes must stay alive and
  /// unchanged until this returns, so it ignores cancellation (a batch takes
  /// milliseconds).
  boost::asio::awaitable<md5_digest> digest(ticket& announced, std::string_view bytes);

private:
  struct job;
  void withdraw();
  void start_if_ready();
  boost::asio::awaitable<void> drain();

  strand_executor strand_;
  boost::asio::thread_pool::executor_type workers_;
  std::vector<job*> queue_;
  std::size_t announced_ = 0; ///< tickets not yet handed to digest()
  bool draining_ = false;
};

} // namespace modelarts::obs::transfer
