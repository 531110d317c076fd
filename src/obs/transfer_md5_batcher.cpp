#include "obs/transfer_md5_batcher.hpp"

#include "auth/crypto.hpp"
#include "auth/md5_many.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <string>
#include <utility>

namespace modelarts::obs::transfer {
namespace {

namespace asio = boost::asio;

constexpr std::size_t widest_batch = 16; // AVX-512 lanes; more would only queue inside md5_many

} // namespace

struct md5_batcher::job {
  explicit job(const strand_executor& strand, std::string_view b) : bytes(b), finished_signal(strand) {
    finished_signal.expires_at(asio::steady_timer::time_point::max());
  }
  std::string_view bytes;
  md5_digest result;
  std::exception_ptr failure;
  bool finished = false;
  asio::steady_timer finished_signal; ///< cancelled when finished
};

md5_batcher::ticket::~ticket() {
  if (owner_ != nullptr) owner_->withdraw();
}

md5_batcher::md5_batcher(strand_executor strand, asio::thread_pool::executor_type workers)
    : strand_(std::move(strand)), workers_(std::move(workers)) {}

md5_batcher::ticket md5_batcher::expect() {
  ++announced_;
  return ticket(this);
}

void md5_batcher::withdraw() {
  --announced_;
  start_if_ready();
}

asio::awaitable<md5_digest> md5_batcher::digest(ticket& announced, std::string_view bytes) {
  job j(strand_, bytes);
  queue_.push_back(&j);
  announced.owner_ = nullptr;
  --announced_;
  start_if_ready();
  if (!j.finished) {
    // Not cancellable: the batch reads `bytes` on another thread until it is finished.
    (void)co_await j.finished_signal.async_wait(
        asio::bind_cancellation_slot(asio::cancellation_slot(), asio::as_tuple(asio::use_awaitable)));
  }
  if (j.failure) std::rethrow_exception(j.failure);
  co_return std::move(j.result);
}

void md5_batcher::start_if_ready() {
  if (draining_ || queue_.empty()) return;
  if (announced_ > 0 && queue_.size() < widest_batch) return;
  draining_ = true;
  asio::co_spawn(strand_, drain(), asio::detached);
}

asio::awaitable<void> md5_batcher::drain() {
  while (!queue_.empty() && (announced_ == 0 || queue_.size() >= widest_batch)) {
    std::vector<job*> batch;
    batch.swap(queue_);
    std::vector<std::string_view> messages;
    messages.reserve(batch.size());
    for (const auto* j : batch) messages.push_back(j->bytes);
    auto hash_all = [messages = std::move(messages)] {
      std::vector<auth::md5_bytes> sums(messages.size());
      auth::md5_many(messages, sums);
      std::vector<md5_digest> digests;
      digests.reserve(sums.size());
      for (const auto& raw : sums) {
        const std::string bytes(raw.begin(), raw.end());
        digests.push_back(md5_digest{auth::hex_lower(bytes), auth::base64(bytes)});
      }
      return digests;
    };
    // Named, not written inside the co_await: g++ 12 destroys such a closure twice.
    auto on_worker = [hash_all = std::move(hash_all)]() mutable -> asio::awaitable<std::vector<md5_digest>> {
      co_return hash_all();
    };
    std::vector<md5_digest> digests;
    std::exception_ptr failure;
    try {
      digests = co_await asio::co_spawn(workers_, std::move(on_worker),
                                        asio::bind_cancellation_slot(asio::cancellation_slot(), asio::use_awaitable));
    } catch (...) {
      failure = std::current_exception();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (failure) batch[i]->failure = failure;
      else batch[i]->result = std::move(digests[i]);
      batch[i]->finished = true;
      batch[i]->finished_signal.cancel();
    }
  }
  draining_ = false;
}

} // namespace modelarts::obs::transfer
