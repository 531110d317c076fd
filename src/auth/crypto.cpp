#include "auth/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <stdexcept>

namespace modelarts::auth {
namespace {

// Algorithms are fetched once and kept for the life of the process: an
// explicit fetch avoids a provider lookup per call, and freeing them from a
// static destructor could run after OpenSSL's own atexit cleanup.
const EVP_MD* fetched_md(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) throw std::runtime_error(std::string("OpenSSL has no digest ") + name);
  return md;
}

const EVP_MD* sha256_md() {
  static const EVP_MD* md = fetched_md("SHA256");
  return md;
}

const EVP_MD* md5_md() {
  static const EVP_MD* md = fetched_md("MD5");
  return md;
}

EVP_MAC* hmac_algorithm() {
  static EVP_MAC* mac = [] {
    EVP_MAC* m = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (m == nullptr) throw std::runtime_error("OpenSSL has no HMAC");
    return m;
  }();
  return mac;
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

struct md_ctx_deleter {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, md_ctx_deleter>;

struct mac_ctx_deleter {
  void operator()(EVP_MAC_CTX* c) const noexcept { EVP_MAC_CTX_free(c); }
};
using mac_ctx_ptr = std::unique_ptr<EVP_MAC_CTX, mac_ctx_deleter>;

std::string one_shot_digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1)
    throw std::runtime_error("digest computation failed");
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string hmac(const char* digest_name, std::string_view key, std::string_view data) {
  mac_ctx_ptr ctx(EVP_MAC_CTX_new(hmac_algorithm()));
  if (!ctx) throw std::runtime_error("HMAC context allocation failed");
  // OSSL_PARAM wants a mutable pointer; OpenSSL only reads the name.
  std::string name(digest_name);
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, name.data(), 0),
      OSSL_PARAM_construct_end()};
  // HMAC pads the key with zeros to the block size, so an empty key is the
  // same key as one zero byte; OpenSSL would read a zero-length key as "none".
  static const unsigned char zero = 0;
  const unsigned char* key_bytes = key.empty() ? &zero : bytes_of(key);
  const std::size_t key_len = key.empty() ? 1 : key.size();
  if (EVP_MAC_init(ctx.get(), key_bytes, key_len, params) != 1 ||
      EVP_MAC_update(ctx.get(), bytes_of(data), data.size()) != 1)
    throw std::runtime_error("HMAC computation failed");
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  if (EVP_MAC_final(ctx.get(), out, &len, sizeof out) != 1)
    throw std::runtime_error("HMAC computation failed");
  return std::string(reinterpret_cast<const char*>(out), len);
}

} // namespace

std::string sha256(std::string_view data) { return one_shot_digest(sha256_md(), data); }
std::string sha256_hex(std::string_view data) { return hex_lower(sha256(data)); }
std::string md5(std::string_view data) { return one_shot_digest(md5_md(), data); }

std::string hmac_sha256(std::string_view key, std::string_view data) {
  return hmac("SHA256", key, data);
}

std::string hmac_sha1(std::string_view key, std::string_view data) {
  return hmac("SHA1", key, data);
}

struct digest::state {
  md_ctx_ptr ctx;
  bool finished = false;
};

digest::digest(algorithm a) : state_(std::make_unique<state>()) {
  state_->ctx.reset(EVP_MD_CTX_new());
  const EVP_MD* md = a == algorithm::md5 ? md5_md() : sha256_md();
  if (!state_->ctx || EVP_DigestInit_ex2(state_->ctx.get(), md, nullptr) != 1)
    throw std::runtime_error("digest initialisation failed");
}

digest::~digest() = default;
digest::digest(digest&&) noexcept = default;
digest& digest::operator=(digest&&) noexcept = default;

void digest::update(std::string_view data) {
  if (!state_ || state_->finished) throw std::logic_error("digest updated after finish()");
  if (EVP_DigestUpdate(state_->ctx.get(), data.data(), data.size()) != 1)
    throw std::runtime_error("digest update failed");
}

std::string digest::finish() {
  if (!state_ || state_->finished) throw std::logic_error("digest finished twice");
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  state_->finished = true;
  if (EVP_DigestFinal_ex(state_->ctx.get(), out, &len) != 1)
    throw std::runtime_error("digest finalisation failed");
  return std::string(reinterpret_cast<const char*>(out), len);
}

struct hmac_sha256_key::state {
  md_ctx_ptr inner; // SHA-256 that has absorbed key ^ ipad
  md_ctx_ptr outer; // SHA-256 that has absorbed key ^ opad
};

hmac_sha256_key::hmac_sha256_key(std::string_view key) : state_(std::make_unique<state>()) {
  constexpr std::size_t block = 64; // SHA-256's block size
  std::string k = key.size() > block ? sha256(key) : std::string(key);
  k.resize(block, '\0');
  std::string ipad(block, '\0'), opad(block, '\0');
  for (std::size_t i = 0; i < block; ++i) {
    ipad[i] = static_cast<char>(k[i] ^ 0x36);
    opad[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  auto absorb = [](md_ctx_ptr& ctx, const std::string& pad) {
    ctx.reset(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex2(ctx.get(), sha256_md(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), pad.data(), pad.size()) != 1)
      throw std::runtime_error("HMAC key setup failed");
  };
  absorb(state_->inner, ipad);
  absorb(state_->outer, opad);
  // The padded key must not outlive its use.
  OPENSSL_cleanse(k.data(), k.size());
  OPENSSL_cleanse(ipad.data(), ipad.size());
  OPENSSL_cleanse(opad.data(), opad.size());
}

hmac_sha256_key::~hmac_sha256_key() = default;
hmac_sha256_key::hmac_sha256_key(hmac_sha256_key&&) noexcept = default;
hmac_sha256_key& hmac_sha256_key::operator=(hmac_sha256_key&&) noexcept = default;

std::string hmac_sha256_key::sign(std::string_view data) const {
  thread_local md_ctx_ptr ctx(EVP_MD_CTX_new());
  unsigned char inner_hash[EVP_MAX_MD_SIZE];
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int inner_len = 0;
  unsigned int len = 0;
  if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), state_->inner.get()) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), inner_hash, &inner_len) != 1 ||
      EVP_MD_CTX_copy_ex(ctx.get(), state_->outer.get()) != 1 ||
      EVP_DigestUpdate(ctx.get(), inner_hash, inner_len) != 1 || EVP_DigestFinal_ex(ctx.get(), out, &len) != 1)
    throw std::runtime_error("HMAC computation failed");
  return std::string(reinterpret_cast<const char*>(out), len);
}

void random_bytes(void* out, std::size_t n) {
  auto* p = static_cast<unsigned char*>(out);
  while (n > 0) {
    const std::size_t chunk = std::min<std::size_t>(n, INT_MAX);
    if (RAND_bytes(p, static_cast<int>(chunk)) != 1)
      throw std::runtime_error("the random generator failed");
    p += chunk;
    n -= chunk;
  }
}

} // namespace modelarts::auth
