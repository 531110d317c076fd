// How a file is cut into parts: sizes, counts and byte ranges. Pure
// arithmetic, shared by uploads (multipart parts) and downloads (ranged GETs).
#pragma once

#include <cstdint>

namespace modelarts::obs::transfer {

inline constexpr std::uint64_t kib = 1024;
inline constexpr std::uint64_t mib = 1024 * kib;
inline constexpr std::uint64_t gib = 1024 * mib;

/// The part size when none is given: large enough that per-request costs
/// (signature, headers, one round trip) are small against the body, small
/// enough that eight parts in flight hold 64 MiB.
inline constexpr std::uint64_t default_part_size = 8 * mib;
/// OBS accepts parts of 100 KiB to 5 GiB (the last part may be smaller), and
/// at most 10,000 parts per upload.
inline constexpr std::uint64_t min_part_size = 100 * kib;
inline constexpr std::uint64_t max_part_size = 5 * gib;
inline constexpr std::uint64_t max_parts = 10000;

/// The part size for a file of `file_size` bytes: `requested` (0: the
/// default), raised when the file would otherwise need more than 10,000
/// parts to the smallest multiple of 1 MiB that fits. Throws
/// std::invalid_argument when even 5 GiB parts cannot hold the file.
std::uint64_t choose_part_size(std::uint64_t file_size, std::uint64_t requested);

/// Parts of `part_size` bytes covering `file_size` bytes; at least 1.
std::uint64_t part_count(std::uint64_t file_size, std::uint64_t part_size);

/// Part `number` (1-based) of a file: its first byte and its length.
struct part_range {
  unsigned number = 0;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};
part_range part_at(std::uint64_t file_size, std::uint64_t part_size, unsigned number);

} // namespace modelarts::obs::transfer
