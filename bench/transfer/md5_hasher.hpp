// MD5 (OBS's ETag) of data the benchmark writes, to check what was stored.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace modelarts::bench {

class md5_hasher {
public:
  md5_hasher();
  ~md5_hasher();
  md5_hasher(const md5_hasher&) = delete;
  md5_hasher& operator=(const md5_hasher&) = delete;
  md5_hasher(md5_hasher&&) noexcept;
  md5_hasher& operator=(md5_hasher&&) noexcept;

  void update(std::string_view bytes);
  /// The digest; the hasher starts over.
  std::array<unsigned char, 16> finish();

private:
  struct context;
  std::unique_ptr<context> context_;
};

std::string hex_of(const std::array<unsigned char, 16>& digest);
std::string md5_hex(std::string_view bytes);

} // namespace modelarts::bench
