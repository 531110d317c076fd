// Hashes, MACs and encodings on top of OpenSSL's EVP interface.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace modelarts::auth {

std::string sha256(std::string_view data);      ///< 32 raw bytes
std::string sha256_hex(std::string_view data);  ///< 64 lower-case hex digits
std::string md5(std::string_view data);         ///< 16 raw bytes
std::string hmac_sha256(std::string_view key, std::string_view data); ///< raw, 32 bytes
std::string hmac_sha1(std::string_view key, std::string_view data);   ///< raw, 20 bytes
std::string hex_lower(std::string_view bytes);
/// Standard alphabet, with '=' padding.
std::string base64(std::string_view bytes);
/// Canonical standard-alphabet base64 with padding. Throws std::invalid_argument
/// on malformed input (the message never quotes the input).
std::string base64_decode(std::string_view text);

/// Incremental digest, for bodies hashed while they are read.
class digest {
public:
  enum class algorithm { md5, sha256 };
  explicit digest(algorithm a);
  ~digest();
  digest(digest&&) noexcept;
  digest& operator=(digest&&) noexcept;
  void update(std::string_view data);
  /// Raw bytes; the object cannot be updated afterwards (std::logic_error).
  std::string finish();

private:
  struct state;
  std::unique_ptr<state> state_;
};

/// HMAC-SHA256 under one key, with the key's inner and outer pads hashed once:
/// a signer that signs many requests with the same secret pays only for the
/// message. Thread-safe: sign() does not modify the object.
class hmac_sha256_key {
public:
  explicit hmac_sha256_key(std::string_view key);
  ~hmac_sha256_key();
  hmac_sha256_key(const hmac_sha256_key&) = delete;
  hmac_sha256_key& operator=(const hmac_sha256_key&) = delete;
  hmac_sha256_key(hmac_sha256_key&&) noexcept;
  hmac_sha256_key& operator=(hmac_sha256_key&&) noexcept;

  /// The 32 raw bytes of HMAC-SHA256(key, data).
  [[nodiscard]] std::string sign(std::string_view data) const;

private:
  struct state;
  std::unique_ptr<state> state_;
};

/// Fills `out` with cryptographically strong random bytes; throws
/// std::runtime_error when the system's generator fails.
void random_bytes(void* out, std::size_t n);

} // namespace modelarts::auth
