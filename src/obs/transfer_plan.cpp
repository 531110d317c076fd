#include "obs/transfer_plan.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace modelarts::obs::transfer {

std::uint64_t choose_part_size(std::uint64_t file_size, std::uint64_t requested) {
  const std::uint64_t wanted = requested != 0 ? requested : default_part_size;
  if (part_count(file_size, wanted) <= max_parts) return wanted;
  // The smallest size that fits 10,000 parts, rounded up to whole MiB so the
  // parts stay aligned for the disk.
  const std::uint64_t needed = (file_size + max_parts - 1) / max_parts;
  const std::uint64_t rounded = (needed + mib - 1) / mib * mib;
  if (rounded > max_part_size)
    throw std::invalid_argument("a file of " + std::to_string(file_size) +
                                " bytes needs more than 10,000 parts of 5 GiB: larger than OBS allows for one object");
  return std::max(rounded, wanted);
}

std::uint64_t part_count(std::uint64_t file_size, std::uint64_t part_size) {
  if (part_size == 0) throw std::invalid_argument("part size 0");
  return std::max<std::uint64_t>(1, (file_size + part_size - 1) / part_size);
}

part_range part_at(std::uint64_t file_size, std::uint64_t part_size, unsigned number) {
  part_range r;
  r.number = number;
  r.offset = std::min(file_size, std::uint64_t{number - 1} * part_size);
  r.length = std::min(part_size, file_size - r.offset);
  return r;
}

} // namespace modelarts::obs::transfer
