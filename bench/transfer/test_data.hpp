// The files the benchmark moves: random-looking (no two 4 KiB pages alike, so
// a misplaced part or range shows), made fast from one random block, with
// the MD5s OBS will report as ETags, and a byte-for-byte comparison.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace modelarts::bench {

struct large_test_file {
  std::filesystem::path path;
  std::uint64_t size = 0;
  std::string md5;            ///< ETag of a single PUT
  std::uint64_t part_size = 0;
  std::string multipart_etag; ///< ETag after a multipart upload in parts of part_size: MD5 of the part MD5s, "-N"
};

/// Writes `size` bytes to `path`.
large_test_file write_large_file(const std::filesystem::path& path, std::uint64_t size, std::uint64_t part_size);

struct small_test_file {
  std::string name; ///< file name inside the folder
  std::string md5;
};

/// Writes `count` files of `size` bytes each into `folder` (created).
std::vector<small_test_file> write_small_files(const std::filesystem::path& folder, std::size_t count,
                                               std::size_t size);

/// The offset of the first byte where the files differ (the shorter one's
/// size when one is a prefix of the other); nothing when they are identical.
std::optional<std::uint64_t> first_difference(const std::filesystem::path& a, const std::filesystem::path& b);

} // namespace modelarts::bench
