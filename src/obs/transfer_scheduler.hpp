// The one limiter every request of a transfer goes through: at most
// `max_requests` requests and `max_bytes` bytes of part buffers in flight,
// across all files. Waiters are grouped by flow (one flow per file) and the
// flows are served in turn, so a file with thousands of parts waiting does
// not hold back a small file that needs one request: each flow gets one
// grant per round.
//
// Not thread-safe: used from one strand. Backpressure is the wait itself: a
// part is read from disk only after its bytes are granted, never ahead.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>

namespace modelarts::obs::transfer {

class transfer_scheduler {
public:
  transfer_scheduler(std::size_t max_requests, std::uint64_t max_bytes);
  transfer_scheduler(const transfer_scheduler&) = delete;
  transfer_scheduler& operator=(const transfer_scheduler&) = delete;

  /// A request slot and some bytes of budget, given back on destruction.
  class grant {
  public:
    grant() = default;
    ~grant() { release(); }
    grant(grant&& other) noexcept : owner_(other.owner_), bytes_(other.bytes_) { other.owner_ = nullptr; }
    grant& operator=(grant&& other) noexcept {
      if (this != &other) {
        release();
        owner_ = other.owner_;
        bytes_ = other.bytes_;
        other.owner_ = nullptr;
      }
      return *this;
    }
    grant(const grant&) = delete;
    grant& operator=(const grant&) = delete;

    void release();
    [[nodiscard]] std::uint64_t bytes() const { return bytes_; }
    [[nodiscard]] bool held() const { return owner_ != nullptr; }

  private:
    friend class transfer_scheduler;
    grant(transfer_scheduler* owner, std::uint64_t bytes) : owner_(owner), bytes_(bytes) {}
    transfer_scheduler* owner_ = nullptr;
    std::uint64_t bytes_ = 0;
  };

  /// Waits until a slot and `bytes` are free and it is `flow`'s turn. A
  /// request for more than max_bytes is granted when no other bytes are
  /// held, so an oversized part runs alone instead of never. Requests of 0
  /// bytes (listings, completions) may pass a flow waiting for bytes. Honours
  /// the awaiting coroutine's cancellation (system_error operation_aborted).
  boost::asio::awaitable<grant> acquire(std::uint64_t flow, std::uint64_t bytes);

  [[nodiscard]] std::size_t requests_in_flight() const { return requests_; }
  [[nodiscard]] std::uint64_t bytes_in_flight() const { return bytes_; }
  [[nodiscard]] std::uint64_t peak_bytes_in_flight() const { return peak_bytes_; }
  [[nodiscard]] std::size_t waiting() const;
  [[nodiscard]] std::size_t max_requests() const { return max_requests_; }
  [[nodiscard]] std::uint64_t max_bytes() const { return max_bytes_; }

private:
  struct waiter;
  void give_back(std::uint64_t bytes);
  void dispatch();
  [[nodiscard]] bool fits(std::uint64_t bytes) const;
  void forget(waiter* w);

  std::size_t max_requests_;
  std::uint64_t max_bytes_;
  std::size_t requests_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t peak_bytes_ = 0;
  std::map<std::uint64_t, std::deque<waiter*>> queues_; ///< by flow
  std::uint64_t last_served_ = 0;
};

} // namespace modelarts::obs::transfer
