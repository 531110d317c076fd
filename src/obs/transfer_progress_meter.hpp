// Counts a transfer's bytes, parts and files and reports them to the
// caller's callback after every change. Cheap enough for every buffer: a few
// additions and one clock read, no allocation.
#pragma once

#include <modelarts/obs/transfer.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace modelarts::obs::transfer {

class progress_meter {
public:
  using clock = std::chrono::steady_clock;

  explicit progress_meter(progress_callback callback);

  void add_totals(std::size_t files, std::uint64_t bytes);
  void add_parts_total(std::uint64_t parts);
  /// Found already done by a resume: counted as done, not in the rate.
  void add_resumed(std::uint64_t bytes, std::uint64_t parts);
  void add_bytes(std::uint64_t bytes);
  /// Bytes of a failed attempt that will be transferred again.
  void remove_bytes(std::uint64_t bytes);
  void part_done();
  void file_done(bool failed);

  [[nodiscard]] transfer_progress snapshot() const;
  /// Bytes moved by this run, net of removed ones.
  [[nodiscard]] std::uint64_t transferred() const { return transferred_; }
  [[nodiscard]] std::uint64_t resumed() const { return resumed_; }

private:
  void notify();
  [[nodiscard]] double rate(clock::time_point now);

  progress_callback callback_;
  transfer_progress state_;
  std::uint64_t transferred_ = 0;
  std::uint64_t resumed_ = 0;

  // The rate is measured over a ring of samples taken at least 250 ms apart:
  // about two seconds of history.
  struct sample {
    clock::time_point at;
    std::uint64_t bytes = 0;
  };
  static constexpr std::size_t ring_size = 8;
  std::array<sample, ring_size> ring_{};
  std::size_t newest_ = 0;
  std::size_t filled_ = 0;
};

} // namespace modelarts::obs::transfer
