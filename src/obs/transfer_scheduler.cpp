#include "obs/transfer_scheduler.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <stdexcept>

namespace modelarts::obs::transfer {

namespace asio = boost::asio;

struct transfer_scheduler::waiter {
  std::uint64_t flow;
  std::uint64_t bytes;
  asio::steady_timer wake;
  bool granted = false;
};

transfer_scheduler::transfer_scheduler(std::size_t max_requests, std::uint64_t max_bytes)
    : max_requests_(max_requests), max_bytes_(max_bytes) {
  if (max_requests == 0) throw std::invalid_argument("transfer concurrency must be at least 1");
  if (max_bytes == 0) throw std::invalid_argument("transfer memory budget must be at least 1 byte");
}

void transfer_scheduler::grant::release() {
  if (owner_ != nullptr) {
    auto* owner = owner_;
    owner_ = nullptr;
    owner->give_back(bytes_);
  }
}

std::size_t transfer_scheduler::waiting() const {
  std::size_t n = 0;
  for (const auto& [flow, queue] : queues_) n += queue.size();
  return n;
}

bool transfer_scheduler::fits(std::uint64_t bytes) const {
  return bytes_ == 0 || bytes <= max_bytes_ - std::min(bytes_, max_bytes_);
}

void transfer_scheduler::give_back(std::uint64_t bytes) {
  --requests_;
  bytes_ -= bytes;
  dispatch();
}

void transfer_scheduler::dispatch() {
  while (requests_ < max_requests_ && !queues_.empty()) {
    // One pass over the flows in turn, starting after the flow served last.
    // The first flow whose head fits is served; once a head has had to wait
    // for bytes, only requests needing no bytes may pass it, so a large part
    // is delayed by at most the control requests, never by other parts.
    auto start = queues_.upper_bound(last_served_);
    if (start == queues_.end()) start = queues_.begin();
    auto it = start;
    bool waiting_for_bytes = false;
    waiter* chosen = nullptr;
    do {
      waiter* head = it->second.front();
      if (fits(head->bytes) && (!waiting_for_bytes || head->bytes == 0)) {
        chosen = head;
        break;
      }
      waiting_for_bytes = true;
      if (++it == queues_.end()) it = queues_.begin();
    } while (it != start);
    if (chosen == nullptr) return;

    last_served_ = it->first;
    it->second.pop_front();
    if (it->second.empty()) queues_.erase(it);
    ++requests_;
    bytes_ += chosen->bytes;
    peak_bytes_ = std::max(peak_bytes_, bytes_);
    chosen->granted = true;
    chosen->wake.cancel();
  }
}

void transfer_scheduler::forget(waiter* w) {
  const auto it = queues_.find(w->flow);
  if (it == queues_.end()) return;
  auto& queue = it->second;
  queue.erase(std::remove(queue.begin(), queue.end(), w), queue.end());
  if (queue.empty()) queues_.erase(it);
  // The waiter may have been the head that blocked others.
  dispatch();
}

asio::awaitable<transfer_scheduler::grant> transfer_scheduler::acquire(std::uint64_t flow, std::uint64_t bytes) {
  const auto executor = co_await asio::this_coro::executor;
  waiter w{flow, bytes, asio::steady_timer(executor), false};
  w.wake.expires_at(asio::steady_timer::time_point::max());
  queues_[flow].push_back(&w);
  dispatch();
  if (!w.granted) {
    // Leaves the queue however the wait ends (cancellation throws from co_await).
    struct dequeue_on_exit {
      transfer_scheduler* self;
      waiter* w;
      ~dequeue_on_exit() {
        if (!w->granted) self->forget(w);
      }
    } guard{this, &w};
    co_await w.wake.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!w.granted) throw boost::system::system_error(asio::error::operation_aborted, "waiting for a transfer slot");
  }
  co_return grant(this, bytes);
}

} // namespace modelarts::obs::transfer
