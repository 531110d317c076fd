#include "obs/transfer_engine.hpp"

#include "client/client_core.hpp"
#include "obs/transfer_file_io.hpp"
#include "obs/transfer_plan.hpp"
#include "obs/transfer_requests.hpp"

#include <boost/asio/strand.hpp>

#include <algorithm>
#include <stdexcept>

namespace modelarts::detail {
namespace {

obs::transfer_options checked(obs::transfer_options o) {
  if (o.concurrency == 0) throw std::invalid_argument("transfer_options: concurrency must be at least 1");
  if (o.part_attempts == 0) throw std::invalid_argument("transfer_options: part_attempts must be at least 1");
  if (o.part_size > obs::transfer::max_part_size)
    throw std::invalid_argument("transfer_options: part_size is larger than OBS allows (5 GiB)");
  o.io_threads = std::clamp(o.io_threads, 1u, 16u);
  if (o.max_bytes_in_flight == 0) {
    const auto part = o.part_size != 0 ? o.part_size : obs::transfer::default_part_size;
    o.max_bytes_in_flight = part * o.concurrency;
  }
  return o;
}

} // namespace

transfer_engine::transfer_engine(const client& c, obs::transfer_options options)
    : client_(c), options_(checked(std::move(options))), requests_(c.options()),
      strand_(boost::asio::make_strand(c.core()->io_executor())),
      scheduler_(options_.concurrency, options_.max_bytes_in_flight), io_threads_(options_.io_threads),
      hasher_(strand_, io_threads_.get_executor()) {}

transfer_engine::~transfer_engine() { io_threads_.join(); }

std::uint64_t transfer_engine::part_size_for(std::uint64_t file_size) const {
  return obs::transfer::choose_part_size(file_size, options_.part_size);
}

std::uint64_t transfer_engine::single_request_limit() const {
  return std::min(options_.multipart_threshold, options_.max_bytes_in_flight);
}

boost::asio::awaitable<void>
transfer_engine::with_part_attempts(const std::function<boost::asio::awaitable<void>()>& attempt,
                                    const std::function<std::exception_ptr(std::exception_ptr)>& after_failure) {
  for (unsigned number = 1;; ++number) {
    std::exception_ptr failure;
    try {
      co_await attempt();
      co_return;
    } catch (...) {
      failure = std::current_exception();
    }
    if (after_failure) failure = after_failure(failure);
    if (number >= options_.part_attempts || !obs::transfer::worth_retrying(failure)) std::rethrow_exception(failure);
  }
}

std::string transfer_engine::take_buffer(std::size_t capacity) {
  const auto it = std::find_if(spare_buffers_.begin(), spare_buffers_.end(),
                               [capacity](const std::string& b) { return b.capacity() >= capacity; });
  std::string out;
  if (it != spare_buffers_.end()) {
    out = std::move(*it);
    spare_buffers_.erase(it);
  } else {
    // A buffer too small for this size would only add to the memory kept:
    // spares are for reuse, and the budget bounds the buffers in use.
    spare_buffers_.clear();
    out.reserve(capacity);
    obs::transfer::prefer_huge_pages(out.data(), out.capacity());
  }
  out.clear();
  return out;
}

void transfer_engine::give_back_buffer(std::string buffer) {
  // Keep at most as many spares as parts can be in flight.
  if (spare_buffers_.size() < options_.concurrency) spare_buffers_.push_back(std::move(buffer));
}

} // namespace modelarts::detail
