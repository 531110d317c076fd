#include "auth/md5_many.hpp"

#include "auth/crypto.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

#if defined(__x86_64__) || defined(__i386__)
#define MODELARTS_MD5_X86 1
#include <immintrin.h>
#endif

namespace modelarts::auth {
namespace {

constexpr std::size_t block_size = 64;

md5_bytes md5_with_openssl(std::string_view message) {
  const std::string raw = md5(message);
  md5_bytes out{};
  std::memcpy(out.data(), raw.data(), out.size());
  return out;
}

// Everything below runs only in the SIMD engines' lanes, which exist on x86
// only; other builds hash with OpenSSL alone.
#if MODELARTS_MD5_X86

// ---- MD5 constants (RFC 1321) ----------------------------------------------

constexpr std::uint32_t round_constant[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};

constexpr std::uint32_t initial_state[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};

struct step_table {
  int shift[64];
  std::size_t word[64]; // which of the block's 16 words step i adds
};

constexpr step_table make_step_table() {
  constexpr int shifts[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};
  step_table t{};
  for (std::size_t i = 0; i < 64; ++i) {
    const std::size_t round = i / 16;
    const std::size_t j = i % 16;
    t.shift[i] = shifts[round][i % 4];
    t.word[i] = round == 0 ? j : round == 1 ? (5 * j + 1) % 16 : round == 2 ? (3 * j + 5) % 16 : (7 * j) % 16;
  }
  return t;
}

constexpr step_table steps = make_step_table();

// Step i updates the word that plays "a" in it; the four words rotate roles
// every step, so a, b, c, d are the state's words in this order.
constexpr std::size_t role_a(std::size_t i) { return (64 - i) % 4; }
constexpr std::size_t role_b(std::size_t i) { return (65 - i) % 4; }
constexpr std::size_t role_c(std::size_t i) { return (66 - i) % 4; }
constexpr std::size_t role_d(std::size_t i) { return (67 - i) % 4; }

// ---- scalar compression, for message tails ---------------------------------

using md5_state = std::uint32_t[4];

std::uint32_t load_le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
}

constexpr std::uint32_t rotl32(std::uint32_t x, int s) {
  return (x << s) | (x >> (32 - s));
}

template <std::size_t I>
[[gnu::always_inline]] inline void scalar_step(std::uint32_t (&s)[4], const std::uint32_t (&w)[16]) {
  const std::uint32_t b = s[role_b(I)], c = s[role_c(I)], d = s[role_d(I)];
  std::uint32_t f = 0;
  if constexpr (I < 16) {
    f = d ^ (b & (c ^ d));
  } else if constexpr (I < 32) {
    f = c ^ (d & (b ^ c));
  } else if constexpr (I < 48) {
    f = b ^ c ^ d;
  } else {
    f = c ^ (b | ~d);
  }
  std::uint32_t& a = s[role_a(I)];
  a = b + rotl32(a + round_constant[I] + w[steps.word[I]] + f, steps.shift[I]);
}

template <std::size_t... I>
[[gnu::always_inline]] inline void scalar_steps(std::uint32_t (&s)[4], const std::uint32_t (&w)[16],
                                                std::index_sequence<I...>) {
  (scalar_step<I>(s, w), ...);
}

// Unrolled at compile time: the four words stay in registers.
void compress(md5_state& state, const std::uint8_t* block) {
  std::uint32_t w[16];
  for (std::size_t j = 0; j < 16; ++j) w[j] = load_le32(block + 4 * j);
  std::uint32_t s[4] = {state[0], state[1], state[2], state[3]};
  scalar_steps(s, w, std::make_index_sequence<64>{});
  for (std::size_t r = 0; r < 4; ++r) state[r] += s[r];
}

/// Hashes `tail` (fewer than 64 bytes: what follows the full blocks already
/// in `state`) and the padding for a message of `total` bytes.
md5_bytes finish(md5_state& state, std::string_view tail, std::uint64_t total) {
  std::uint8_t last[2 * block_size] = {};
  std::memcpy(last, tail.data(), tail.size());
  last[tail.size()] = 0x80;
  // 0x80 and the 8-byte bit length must fit after the tail: 56 bytes or more
  // of tail take a second block.
  const std::size_t blocks = tail.size() < 56 ? 1 : 2;
  const std::uint64_t bits = total * 8;
  for (std::size_t k = 0; k < 8; ++k)
    last[blocks * block_size - 8 + k] = static_cast<std::uint8_t>(bits >> (8 * k));
  for (std::size_t b = 0; b < blocks; ++b) compress(state, last + b * block_size);
  md5_bytes out{};
  for (std::size_t r = 0; r < 4; ++r)
    for (std::size_t k = 0; k < 4; ++k) out[4 * r + k] = static_cast<std::uint8_t>(state[r] >> (8 * k));
  return out;
}

// ---- lanes: many messages through one block function ------------------------

constexpr std::size_t max_lanes = 32;

/// Runs `blocks` MD5 block compressions in every lane. state holds the lanes'
/// chaining values word by word (state[r * lanes + lane]); lane i reads its
/// blocks from data[i], data[i] + 64, ...
using lanes_kernel = void (*)(std::uint32_t* state, const std::uint8_t* const* data, std::size_t blocks);

/// Feeds the messages through `lanes` lanes of `kernel`. Each lane holds one
/// message; each kernel call runs as many blocks as the lane closest to its
/// end has left, then that lane's tail is finished in scalar code and the
/// lane takes the next message. Idle lanes read an active lane's blocks:
/// their result is ignored, and no pointer ever leaves a message.
void hash_in_lanes(std::span<const std::string_view> messages, std::span<md5_bytes> out, std::size_t lanes,
                   lanes_kernel kernel) {
  constexpr std::size_t idle = std::numeric_limits<std::size_t>::max();
  std::uint32_t state[4 * max_lanes] = {};
  const std::uint8_t* data[max_lanes] = {};
  std::size_t blocks_left[max_lanes] = {};
  std::size_t owner[max_lanes];
  std::size_t next = 0;

  const auto start_next_message = [&](std::size_t lane) {
    owner[lane] = idle;
    while (next < messages.size()) {
      const std::size_t m = next++;
      const std::string_view message = messages[m];
      if (message.size() < block_size) { // a tail alone
        md5_state s = {initial_state[0], initial_state[1], initial_state[2], initial_state[3]};
        out[m] = finish(s, message, message.size());
        continue;
      }
      owner[lane] = m;
      data[lane] = reinterpret_cast<const std::uint8_t*>(message.data());
      blocks_left[lane] = message.size() / block_size;
      for (std::size_t r = 0; r < 4; ++r) state[r * lanes + lane] = initial_state[r];
      return;
    }
  };
  // The lane's remaining full blocks (none, unless it is the last one left)
  // in scalar code, then its tail.
  const auto finish_lane = [&](std::size_t lane) {
    const std::string_view message = messages[owner[lane]];
    md5_state s;
    for (std::size_t r = 0; r < 4; ++r) s[r] = state[r * lanes + lane];
    for (std::size_t b = 0; b < blocks_left[lane]; ++b) compress(s, data[lane] + b * block_size);
    const std::size_t full = message.size() / block_size * block_size;
    out[owner[lane]] = finish(s, message.substr(full), message.size());
  };
  for (std::size_t lane = 0; lane < lanes; ++lane) start_next_message(lane);

  for (;;) {
    std::size_t run = std::numeric_limits<std::size_t>::max();
    const std::uint8_t* any_active = nullptr;
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      if (owner[lane] == idle) continue;
      run = std::min(run, blocks_left[lane]);
      any_active = data[lane];
    }
    if (any_active == nullptr) return;
    for (std::size_t lane = 0; lane < lanes; ++lane)
      if (owner[lane] == idle) data[lane] = any_active;

    kernel(state, data, run);

    for (std::size_t lane = 0; lane < lanes; ++lane) {
      if (owner[lane] == idle) continue;
      data[lane] += run * block_size;
      blocks_left[lane] -= run;
      if (blocks_left[lane] != 0) continue;
      finish_lane(lane);
      start_next_message(lane);
    }

    // One message left and nothing to follow it: a lone lane is slower than
    // scalar code (a vector op's latency is 2 cycles here, a scalar one's 1).
    const auto active = std::count_if(owner, owner + lanes, [](std::size_t o) { return o != idle; });
    if (active == 1 && next == messages.size()) {
      const std::size_t lane = static_cast<std::size_t>(
          std::find_if(owner, owner + lanes, [](std::size_t o) { return o != idle; }) - owner);
      finish_lane(lane);
      return;
    }
  }
}

// ---- AVX2: 8 lanes ------------------------------------------------------------

#define MODELARTS_MD5_AVX2 "avx2"
#define MODELARTS_MD5_AVX512 "avx512f,avx512vl,avx512bw"

namespace avx2 {

/// w[j] = word j of the 64-byte block at data[lane] + offset, for lanes 0..7:
/// two 8x8 transposes of 32-bit words (plain loads beat gathers here).
[[gnu::target(MODELARTS_MD5_AVX2), gnu::always_inline]] inline void load_words(
    __m256i (&w)[16], const std::uint8_t* const* data, std::size_t offset) {
  for (std::size_t half = 0; half < 2; ++half) {
    __m256i r[8];
    for (std::size_t lane = 0; lane < 8; ++lane)
      r[lane] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data[lane] + offset + 32 * half));
    __m256i t[8];
    for (std::size_t k = 0; k < 4; ++k) {
      t[2 * k] = _mm256_unpacklo_epi32(r[2 * k], r[2 * k + 1]);
      t[2 * k + 1] = _mm256_unpackhi_epi32(r[2 * k], r[2 * k + 1]);
    }
    // u[g][m], 128-bit chunk c: word 4c+m of lanes 4g..4g+3.
    __m256i u[2][4];
    for (std::size_t g = 0; g < 2; ++g) {
      u[g][0] = _mm256_unpacklo_epi64(t[4 * g], t[4 * g + 2]);
      u[g][1] = _mm256_unpackhi_epi64(t[4 * g], t[4 * g + 2]);
      u[g][2] = _mm256_unpacklo_epi64(t[4 * g + 1], t[4 * g + 3]);
      u[g][3] = _mm256_unpackhi_epi64(t[4 * g + 1], t[4 * g + 3]);
    }
    for (std::size_t m = 0; m < 4; ++m) {
      w[8 * half + m] = _mm256_permute2x128_si256(u[0][m], u[1][m], 0x20);
      w[8 * half + 4 + m] = _mm256_permute2x128_si256(u[0][m], u[1][m], 0x31);
    }
  }
}

/// An empty asm that takes v in a register: the compiler can no longer fold
/// the adds around it into another order. Vector ops take 2 cycles here, so
/// the step's chain from b must stay F, +, rotate, + (the compiler would add
/// k to F first and put one more add on the chain).
[[gnu::target(MODELARTS_MD5_AVX2), gnu::always_inline]] inline void keep_apart(__m256i& v) {
  __asm__("" : "+v"(v));
}

template <std::size_t I>
[[gnu::target(MODELARTS_MD5_AVX2), gnu::always_inline]] inline void step(__m256i (&s)[4], const __m256i (&w)[16]) {
  const __m256i b = s[role_b(I)], c = s[role_c(I)], d = s[role_d(I)];
  // Whatever does not depend on b (the previous step's result) is added
  // first, off the critical path.
  __m256i early = _mm256_add_epi32(_mm256_add_epi32(s[role_a(I)], w[steps.word[I]]),
                                   _mm256_set1_epi32(static_cast<int>(round_constant[I])));
  __m256i f;
  if constexpr (I < 16) {
    f = _mm256_xor_si256(d, _mm256_and_si256(b, _mm256_xor_si256(c, d)));
  } else if constexpr (I < 32) {
    // G = (b & d) | (c & ~d): the two have no bit in common, so | is +.
    early = _mm256_add_epi32(early, _mm256_andnot_si256(d, c));
    f = _mm256_and_si256(b, d);
  } else if constexpr (I < 48) {
    f = _mm256_xor_si256(b, _mm256_xor_si256(c, d));
  } else {
    f = _mm256_xor_si256(c, _mm256_or_si256(b, _mm256_xor_si256(d, _mm256_set1_epi32(-1))));
  }
  keep_apart(early);
  const __m256i t = _mm256_add_epi32(early, f);
  constexpr int shift = steps.shift[I];
  s[role_a(I)] = _mm256_add_epi32(b, _mm256_or_si256(_mm256_slli_epi32(t, shift), _mm256_srli_epi32(t, 32 - shift)));
}

template <std::size_t... I>
[[gnu::target(MODELARTS_MD5_AVX2), gnu::always_inline]] inline void all_steps(__m256i (&s)[4], const __m256i (&w)[16],
                                                                            std::index_sequence<I...>) {
  (step<I>(s, w), ...);
}

[[gnu::target(MODELARTS_MD5_AVX2)]] void blocks(std::uint32_t* state, const std::uint8_t* const* data,
                                                 std::size_t count) {
  __m256i s[4];
  for (std::size_t r = 0; r < 4; ++r) s[r] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(state + 8 * r));
  for (std::size_t n = 0; n < count; ++n) {
    __m256i w[16];
    load_words(w, data, n * block_size);
    const __m256i before[4] = {s[0], s[1], s[2], s[3]};
    all_steps(s, w, std::make_index_sequence<64>{});
    for (std::size_t r = 0; r < 4; ++r) s[r] = _mm256_add_epi32(s[r], before[r]);
  }
  for (std::size_t r = 0; r < 4; ++r) _mm256_storeu_si256(reinterpret_cast<__m256i*>(state + 8 * r), s[r]);
}

template <std::size_t... I>
[[gnu::target(MODELARTS_MD5_AVX2), gnu::always_inline]] inline void all_steps_two_groups(
    __m256i (&s0)[4], const __m256i (&w0)[16], __m256i (&s1)[4], const __m256i (&w1)[16], std::index_sequence<I...>) {
  ((step<I>(s0, w0), step<I>(s1, w1)), ...);
}

/// 16 lanes as two groups of 8, step by step in turn: each group's step
/// fills the other's wait on its chain.
[[gnu::target(MODELARTS_MD5_AVX2)]] void blocks_two_groups(std::uint32_t* state, const std::uint8_t* const* data,
                                                            std::size_t count) {
  __m256i s0[4], s1[4];
  for (std::size_t r = 0; r < 4; ++r) {
    s0[r] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(state + 16 * r));
    s1[r] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(state + 16 * r + 8));
  }
  for (std::size_t n = 0; n < count; ++n) {
    __m256i w0[16], w1[16];
    load_words(w0, data, n * block_size);
    load_words(w1, data + 8, n * block_size);
    const __m256i before0[4] = {s0[0], s0[1], s0[2], s0[3]};
    const __m256i before1[4] = {s1[0], s1[1], s1[2], s1[3]};
    all_steps_two_groups(s0, w0, s1, w1, std::make_index_sequence<64>{});
    for (std::size_t r = 0; r < 4; ++r) {
      s0[r] = _mm256_add_epi32(s0[r], before0[r]);
      s1[r] = _mm256_add_epi32(s1[r], before1[r]);
    }
  }
  for (std::size_t r = 0; r < 4; ++r) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(state + 16 * r), s0[r]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(state + 16 * r + 8), s1[r]);
  }
}

} // namespace avx2

// ---- AVX-512: 16 lanes in zmm, or 8 in ymm (AVX-512VL) ---------------------

namespace avx512 {

// The vector type of a lane count (a template argument of type __m512i would
// drop its attributes and warn).
template <std::size_t Lanes> struct lanes_vector;
template <> struct lanes_vector<16> { using type = __m512i; };
template <> struct lanes_vector<8> { using type = __m256i; };
template <std::size_t Lanes> using vec = typename lanes_vector<Lanes>::type;

constexpr __mmask16 full_mask = 0xffff;

// Shuffles in their merge form with a full mask (see rotl).
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m512i unpacklo32(__m512i x, __m512i y) {
  return _mm512_mask_unpacklo_epi32(x, full_mask, x, y);
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m512i unpackhi32(__m512i x, __m512i y) {
  return _mm512_mask_unpackhi_epi32(x, full_mask, x, y);
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m512i unpacklo64(__m512i x, __m512i y) {
  return _mm512_mask_unpacklo_epi64(x, 0xff, x, y);
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m512i unpackhi64(__m512i x, __m512i y) {
  return _mm512_mask_unpackhi_epi64(x, 0xff, x, y);
}
template <int Chunks>
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m512i shuffle128(__m512i x, __m512i y) {
  return _mm512_mask_shuffle_i32x4(x, full_mask, x, y, Chunks);
}

[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m512i add(__m512i x, __m512i y) {
  return _mm512_add_epi32(x, y);
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m256i add(__m256i x, __m256i y) {
  return _mm256_add_epi32(x, y);
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m512i add(__m512i x, std::uint32_t k) {
  return _mm512_add_epi32(x, _mm512_set1_epi32(static_cast<int>(k)));
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m256i add(__m256i x, std::uint32_t k) {
  return _mm256_add_epi32(x, _mm256_set1_epi32(static_cast<int>(k)));
}
template <int Shift>
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m512i rotl(__m512i x) {
  // The merge form with a full mask is plain vprold; the unmasked intrinsic
  // trips g++ 12's -Wmaybe-uninitialized (its _mm512_undefined_epi32).
  return _mm512_mask_rol_epi32(x, full_mask, x, Shift);
}
template <int Shift>
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m256i rotl(__m256i x) {
  return _mm256_rol_epi32(x, Shift);
}
template <int Table>
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m512i logic(__m512i x, __m512i y, __m512i z) {
  return _mm512_ternarylogic_epi32(x, y, z, Table);
}
template <int Table>
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline __m256i logic(__m256i x, __m256i y, __m256i z) {
  return _mm256_ternarylogic_epi32(x, y, z, Table);
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void load(__m256i& v, const std::uint32_t* p) {
  v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void load(__m512i& v, const std::uint32_t* p) {
  v = _mm512_loadu_si512(p);
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void store(std::uint32_t* p, __m256i v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void store(std::uint32_t* p, __m512i v) {
  _mm512_storeu_si512(p, v);
}

// See avx2::keep_apart.
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void keep_apart(__m512i& v) {
  __asm__("" : "+v"(v));
}
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void keep_apart(__m256i& v) {
  __asm__("" : "+v"(v));
}

[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void load_words(
    __m256i (&w)[16], const std::uint8_t* const* data, std::size_t offset) {
  avx2::load_words(w, data, offset);
}

/// w[j] = word j of the block at data[lane] + offset, lanes 0..15: a 16x16
/// transpose of 32-bit words.
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void load_words(
    __m512i (&w)[16], const std::uint8_t* const* data, std::size_t offset) {
  __m512i r[16];
  for (std::size_t lane = 0; lane < 16; ++lane) r[lane] = _mm512_loadu_si512(data[lane] + offset);
  __m512i t[16];
  for (std::size_t k = 0; k < 8; ++k) {
    t[2 * k] = unpacklo32(r[2 * k], r[2 * k + 1]);
    t[2 * k + 1] = unpackhi32(r[2 * k], r[2 * k + 1]);
  }
  // u[g][m], 128-bit chunk c: word 4c+m of lanes 4g..4g+3.
  __m512i u[4][4];
  for (std::size_t g = 0; g < 4; ++g) {
    u[g][0] = unpacklo64(t[4 * g], t[4 * g + 2]);
    u[g][1] = unpackhi64(t[4 * g], t[4 * g + 2]);
    u[g][2] = unpacklo64(t[4 * g + 1], t[4 * g + 3]);
    u[g][3] = unpackhi64(t[4 * g + 1], t[4 * g + 3]);
  }
  // A 4x4 transpose of 128-bit chunks per m.
  for (std::size_t m = 0; m < 4; ++m) {
    const __m512i v0 = shuffle128<0x44>(u[0][m], u[1][m]); // u0.c0 u0.c1 u1.c0 u1.c1
    const __m512i v1 = shuffle128<0xee>(u[0][m], u[1][m]); // u0.c2 u0.c3 u1.c2 u1.c3
    const __m512i v2 = shuffle128<0x44>(u[2][m], u[3][m]);
    const __m512i v3 = shuffle128<0xee>(u[2][m], u[3][m]);
    w[m] = shuffle128<0x88>(v0, v2);
    w[4 + m] = shuffle128<0xdd>(v0, v2);
    w[8 + m] = shuffle128<0x88>(v1, v3);
    w[12 + m] = shuffle128<0xdd>(v1, v3);
  }
}

// vpternlogd truth tables of F, G, H, I with (b, c, d) as its three inputs.
constexpr int table_b = 0xf0, table_c = 0xcc, table_d = 0xaa;
constexpr int logic_table[4] = {
    ((table_b & table_c) | (~table_b & table_d)) & 0xff, // F
    ((table_b & table_d) | (table_c & ~table_d)) & 0xff, // G
    (table_b ^ table_c ^ table_d) & 0xff,                // H
    (table_c ^ (table_b | ~table_d)) & 0xff,             // I
};

template <std::size_t Lanes, std::size_t I>
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void step(vec<Lanes> (&s)[4],
                                                                         const vec<Lanes> (&w)[16]) {
  // a + w + k does not depend on the previous step: off the critical path.
  vec<Lanes> early = add(add(s[role_a(I)], w[steps.word[I]]), round_constant[I]);
  keep_apart(early);
  const vec<Lanes> f = logic<logic_table[I / 16]>(s[role_b(I)], s[role_c(I)], s[role_d(I)]);
  s[role_a(I)] = add(s[role_b(I)], rotl<steps.shift[I]>(add(early, f)));
}

template <std::size_t Lanes, std::size_t... I>
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void all_steps(vec<Lanes> (&s)[4],
                                                                              const vec<Lanes> (&w)[16],
                                                                              std::index_sequence<I...>) {
  (step<Lanes, I>(s, w), ...);
}

template <std::size_t Lanes>
[[gnu::target(MODELARTS_MD5_AVX512)]] void blocks(std::uint32_t* state, const std::uint8_t* const* data,
                                                   std::size_t count) {
  vec<Lanes> s[4];
  for (std::size_t r = 0; r < 4; ++r) load(s[r], state + Lanes * r);
  if (count == 0) return;
  // The next block's words are loaded before this block's steps, so that
  // their transpose runs while the steps wait on each other.
  vec<Lanes> next[16];
  load_words(next, data, 0);
  for (std::size_t n = 0; n < count; ++n) {
    vec<Lanes> w[16];
    for (std::size_t j = 0; j < 16; ++j) w[j] = next[j];
    if (n + 1 < count) load_words(next, data, (n + 1) * block_size);
    const vec<Lanes> before[4] = {s[0], s[1], s[2], s[3]};
    all_steps<Lanes>(s, w, std::make_index_sequence<64>{});
    for (std::size_t r = 0; r < 4; ++r) s[r] = add(s[r], before[r]);
  }
  for (std::size_t r = 0; r < 4; ++r) store(state + Lanes * r, s[r]);
}

template <std::size_t Lanes, std::size_t... I>
[[gnu::target(MODELARTS_MD5_AVX512), gnu::always_inline]] inline void all_steps_two_groups(
    vec<Lanes> (&s0)[4], const vec<Lanes> (&w0)[16], vec<Lanes> (&s1)[4], const vec<Lanes> (&w1)[16],
    std::index_sequence<I...>) {
  ((step<Lanes, I>(s0, w0), step<Lanes, I>(s1, w1)), ...);
}

/// Two groups of Lanes lanes, step by step in turn: a step waits on the one
/// before it (4 ops of 2 cycles), and the other group's step fills that wait.
template <std::size_t Lanes>
[[gnu::target(MODELARTS_MD5_AVX512)]] void blocks_two_groups(std::uint32_t* state, const std::uint8_t* const* data,
                                                              std::size_t count) {
  vec<Lanes> s0[4], s1[4];
  for (std::size_t r = 0; r < 4; ++r) {
    load(s0[r], state + 2 * Lanes * r);
    load(s1[r], state + 2 * Lanes * r + Lanes);
  }
  for (std::size_t n = 0; n < count; ++n) {
    vec<Lanes> w0[16], w1[16];
    load_words(w0, data, n * block_size);
    load_words(w1, data + Lanes, n * block_size);
    const vec<Lanes> before0[4] = {s0[0], s0[1], s0[2], s0[3]};
    const vec<Lanes> before1[4] = {s1[0], s1[1], s1[2], s1[3]};
    all_steps_two_groups<Lanes>(s0, w0, s1, w1, std::make_index_sequence<64>{});
    for (std::size_t r = 0; r < 4; ++r) {
      s0[r] = add(s0[r], before0[r]);
      s1[r] = add(s1[r], before1[r]);
    }
  }
  for (std::size_t r = 0; r < 4; ++r) {
    store(state + 2 * Lanes * r, s0[r]);
    store(state + 2 * Lanes * r + Lanes, s1[r]);
  }
}

} // namespace avx512

#endif // MODELARTS_MD5_X86

} // namespace

md5_engine best_md5_engine() noexcept {
  static const md5_engine best = [] {
    if (md5_engine_available(md5_engine::avx512)) return md5_engine::avx512;
    if (md5_engine_available(md5_engine::avx2)) return md5_engine::avx2;
    return md5_engine::scalar;
  }();
  return best;
}

bool md5_engine_available(md5_engine e) noexcept {
  switch (e) {
  case md5_engine::scalar: return true;
#if MODELARTS_MD5_X86
  // __builtin_cpu_supports also checks that the OS saves the registers.
  case md5_engine::avx2: return __builtin_cpu_supports("avx2");
  case md5_engine::avx512:
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw");
#else
  case md5_engine::avx2:
  case md5_engine::avx512: return false;
#endif
  }
  return false;
}

std::string_view name(md5_engine e) noexcept {
  switch (e) {
  case md5_engine::scalar: return "scalar";
  case md5_engine::avx2: return "avx2";
  case md5_engine::avx512: return "avx512";
  }
  return "unknown";
}

void md5_many(std::span<const std::string_view> messages, std::span<md5_bytes> out, md5_engine engine) {
  if (out.size() != messages.size()) throw std::invalid_argument("md5_many: one output per message");
  if (!md5_engine_available(engine)) throw std::invalid_argument("md5_many: MD5 engine not available on this CPU");
  const auto long_messages = std::count_if(messages.begin(), messages.end(),
                                           [](std::string_view m) { return m.size() >= block_size; });
  if (engine == md5_engine::scalar || long_messages <= 1) {
    for (std::size_t i = 0; i < messages.size(); ++i) out[i] = md5_with_openssl(messages[i]);
    return;
  }
#if MODELARTS_MD5_X86
  if (engine == md5_engine::avx2) {
    if (long_messages > 8) {
      hash_in_lanes(messages, out, 16, &avx2::blocks_two_groups);
    } else {
      hash_in_lanes(messages, out, 8, &avx2::blocks);
    }
  } else if (long_messages > 16) {
    hash_in_lanes(messages, out, 32, &avx512::blocks_two_groups<16>);
  } else if (long_messages > 8) {
    hash_in_lanes(messages, out, 16, &avx512::blocks<16>);
  } else {
    hash_in_lanes(messages, out, 8, &avx512::blocks<8>);
  }
#endif
}

} // namespace modelarts::auth
