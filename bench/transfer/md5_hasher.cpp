#include "md5_hasher.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace modelarts::bench {

struct md5_hasher::context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~context() { EVP_MD_CTX_free(ctx); }
  void start() {
    if (ctx == nullptr || EVP_DigestInit_ex(ctx, EVP_md5(), nullptr) != 1) throw std::runtime_error("MD5 init failed");
  }
};

md5_hasher::md5_hasher() : context_(std::make_unique<context>()) { context_->start(); }
md5_hasher::~md5_hasher() = default;
md5_hasher::md5_hasher(md5_hasher&&) noexcept = default;
md5_hasher& md5_hasher::operator=(md5_hasher&&) noexcept = default;

void md5_hasher::update(std::string_view bytes) {
  if (EVP_DigestUpdate(context_->ctx, bytes.data(), bytes.size()) != 1) throw std::runtime_error("MD5 update failed");
}

std::array<unsigned char, 16> md5_hasher::finish() {
  std::array<unsigned char, 16> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context_->ctx, digest.data(), &length) != 1 || length != digest.size())
    throw std::runtime_error("MD5 final failed");
  context_->start();
  return digest;
}

std::string hex_of(const std::array<unsigned char, 16>& digest) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : digest) {
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  return out;
}

std::string md5_hex(std::string_view bytes) {
  md5_hasher h;
  h.update(bytes);
  return hex_of(h.finish());
}

} // namespace modelarts::bench
