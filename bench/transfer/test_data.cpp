#include "test_data.hpp"

#include "md5_hasher.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <future>
#include <random>
#include <stdexcept>
#include <string_view>

namespace modelarts::bench {
namespace {

constexpr std::size_t block_size = 1024 * 1024;
constexpr std::size_t page_size = 4096;

/// The same pseudo-random block every run (fixed seed): runs compare alike.
std::string random_block() {
  std::mt19937_64 generator(20240611);
  std::string block(block_size, '\0');
  for (std::size_t i = 0; i < block.size(); i += 8) {
    const std::uint64_t word = generator();
    std::memcpy(block.data() + i, &word, 8);
  }
  return block;
}

/// Stamps `tag` and the page's index over the first 16 bytes of every page.
void stamp_pages(std::string& bytes, std::uint64_t tag) {
  for (std::size_t offset = 0; offset + 16 <= bytes.size(); offset += page_size) {
    const std::uint64_t page = offset / page_size;
    std::memcpy(bytes.data() + offset, &tag, 8);
    std::memcpy(bytes.data() + offset + 8, &page, 8);
  }
}

void write_or_throw(std::ofstream& out, std::string_view bytes, const std::filesystem::path& path) {
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

} // namespace

large_test_file write_large_file(const std::filesystem::path& path, std::uint64_t size, std::uint64_t part_size) {
  if (part_size == 0) throw std::invalid_argument("part size 0");
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot create " + path.string());

  const std::string block = random_block();
  std::string chunk;
  md5_hasher whole;
  md5_hasher part;
  std::string part_digests; // the binary MD5s of the parts, in order
  std::uint64_t in_part = 0;
  std::uint64_t parts = 0;
  for (std::uint64_t written = 0, index = 0; written < size; ++index) {
    const auto length = static_cast<std::size_t>(std::min<std::uint64_t>(block_size, size - written));
    chunk.assign(block, 0, length);
    stamp_pages(chunk, index);
    // The whole-file MD5 on a second core while this one does the parts'.
    auto whole_done = std::async(std::launch::async, [&] { whole.update(chunk); });
    std::string_view rest = chunk;
    while (!rest.empty()) {
      const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(rest.size(), part_size - in_part));
      part.update(rest.substr(0, take));
      rest.remove_prefix(take);
      in_part += take;
      if (in_part == part_size) {
        const auto d = part.finish();
        part_digests.append(reinterpret_cast<const char*>(d.data()), d.size());
        ++parts;
        in_part = 0;
      }
    }
    whole_done.get();
    write_or_throw(out, chunk, path);
    written += length;
  }
  if (in_part > 0) {
    const auto d = part.finish();
    part_digests.append(reinterpret_cast<const char*>(d.data()), d.size());
    ++parts;
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
  return {path, size, hex_of(whole.finish()), part_size, md5_hex(part_digests) + "-" + std::to_string(parts)};
}

std::vector<small_test_file> write_small_files(const std::filesystem::path& folder, std::size_t count,
                                               std::size_t size) {
  if (size > block_size) throw std::invalid_argument("small files are at most 1 MiB");
  std::filesystem::create_directories(folder);
  const std::string block = random_block();
  std::vector<small_test_file> files;
  files.reserve(count);
  std::string bytes;
  for (std::size_t i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "f%06zu.bin", i);
    // A different window of the block for each file, and its index stamped in.
    const std::size_t start = (i * 4099) % (block_size - size + 1);
    bytes.assign(block, start, size);
    stamp_pages(bytes, ~static_cast<std::uint64_t>(i));
    const auto path = folder / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    write_or_throw(out, bytes, path);
    files.push_back({name, md5_hex(bytes)});
  }
  return files;
}

std::optional<std::uint64_t> first_difference(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::ifstream in_a(a, std::ios::binary);
  std::ifstream in_b(b, std::ios::binary);
  if (!in_a || !in_b) return 0;
  constexpr std::size_t buffer_size = 4 * 1024 * 1024;
  std::string buf_a(buffer_size, '\0');
  std::string buf_b(buffer_size, '\0');
  std::uint64_t offset = 0;
  for (;;) {
    in_a.read(buf_a.data(), static_cast<std::streamsize>(buffer_size));
    in_b.read(buf_b.data(), static_cast<std::streamsize>(buffer_size));
    const auto got_a = static_cast<std::size_t>(in_a.gcount());
    const auto got_b = static_cast<std::size_t>(in_b.gcount());
    const auto common = std::min(got_a, got_b);
    const auto mismatch = std::mismatch(buf_a.begin(), buf_a.begin() + static_cast<std::ptrdiff_t>(common), buf_b.begin());
    if (mismatch.first != buf_a.begin() + static_cast<std::ptrdiff_t>(common))
      return offset + static_cast<std::uint64_t>(mismatch.first - buf_a.begin());
    if (got_a != got_b) return offset + common;
    if (got_a < buffer_size) return std::nullopt;
    offset += got_a;
  }
}

} // namespace modelarts::bench
