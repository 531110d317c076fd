// MD5 of several independent messages at once.
//
// One MD5 is a serial chain of 64 steps per 64-byte block, so a single
// message cannot go faster than one core's scalar latency. A multipart upload
// hashes several parts at the same time, though: a multi-buffer engine runs
// one message in each 32-bit lane of a SIMD register, N chains side by side
// for about the cost of one. Each message's last partial block and padding
// are finished by a scalar compression step, so no lane ever reads past the
// end of its message.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace modelarts::auth {

using md5_bytes = std::array<std::uint8_t, 16>;

enum class md5_engine {
  scalar, ///< OpenSSL's EVP MD5, one message after another
  avx2,   ///< 8 lanes of 32 bits, 16 for more than 8 messages (x86-64 with AVX2)
  avx512, ///< AVX-512 F/VL/BW: 8, 16 or 32 lanes, after the message count
};

/// The fastest engine this CPU supports (checked once, at run time).
md5_engine best_md5_engine() noexcept;
bool md5_engine_available(md5_engine e) noexcept;
/// "scalar", "avx2" or "avx512".
std::string_view name(md5_engine e) noexcept;

/// out[i] = MD5(messages[i]) for every i: messages of any lengths (0
/// included) and any count; when there are more messages than lanes, a lane
/// takes the next message as soon as its own is done. With at most one
/// message of a block (64 bytes) or more, the scalar engine is used whatever
/// `engine` says (one lane of SIMD is slower than OpenSSL).
/// Throws std::invalid_argument when out.size() != messages.size() or when
/// `engine` is not available on this CPU.
void md5_many(std::span<const std::string_view> messages, std::span<md5_bytes> out,
              md5_engine engine = best_md5_engine());

} // namespace modelarts::auth
