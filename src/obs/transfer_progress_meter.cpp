#include "obs/transfer_progress_meter.hpp"

#include <algorithm>

namespace modelarts::obs::transfer {

progress_meter::progress_meter(progress_callback callback) : callback_(std::move(callback)) {
  ring_[0] = {clock::now(), 0};
  filled_ = 1;
}

void progress_meter::add_totals(std::size_t files, std::uint64_t bytes) {
  state_.files_total += files;
  state_.bytes_total += bytes;
  notify();
}

void progress_meter::add_parts_total(std::uint64_t parts) {
  state_.parts_total += parts;
  notify();
}

void progress_meter::add_resumed(std::uint64_t bytes, std::uint64_t parts) {
  resumed_ += bytes;
  state_.bytes_done += bytes;
  state_.parts_done += parts;
  notify();
}

void progress_meter::add_bytes(std::uint64_t bytes) {
  transferred_ += bytes;
  state_.bytes_done += bytes;
  notify();
}

void progress_meter::remove_bytes(std::uint64_t bytes) {
  bytes = std::min(bytes, transferred_);
  transferred_ -= bytes;
  state_.bytes_done -= std::min(bytes, state_.bytes_done);
  notify();
}

void progress_meter::part_done() {
  ++state_.parts_done;
  notify();
}

void progress_meter::file_done(bool failed) {
  ++state_.files_done;
  if (failed) ++state_.files_failed;
  notify();
}

transfer_progress progress_meter::snapshot() const { return state_; }

double progress_meter::rate(clock::time_point now) {
  if (now - ring_[newest_].at >= std::chrono::milliseconds(250)) {
    newest_ = (newest_ + 1) % ring_size;
    ring_[newest_] = {now, transferred_};
    filled_ = std::min(filled_ + 1, ring_size);
  }
  const auto& oldest = ring_[(newest_ + ring_size + 1 - filled_) % ring_size];
  const std::chrono::duration<double> span = now - oldest.at;
  if (span.count() < 0.05 || transferred_ < oldest.bytes) return state_.bytes_per_second;
  return static_cast<double>(transferred_ - oldest.bytes) / span.count();
}

void progress_meter::notify() {
  state_.bytes_per_second = rate(clock::now());
  if (!callback_) return;
  try {
    callback_(state_);
  } catch (...) {
    // Documented: a callback's exception is ignored; a transfer does not
    // fail because its display did.
  }
}

} // namespace modelarts::obs::transfer
