// Hex and base64, written out rather than taken from OpenSSL: EVP_DecodeBlock
// neither rejects bad padding nor reports the decoded length exactly.
#include "auth/crypto.hpp"

#include <array>
#include <stdexcept>

namespace modelarts::auth {
namespace {

constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<signed char, 256> base64_values() {
  std::array<signed char, 256> v{};
  for (auto& x : v) x = -1;
  for (int i = 0; i < 64; ++i) v[static_cast<unsigned char>(base64_alphabet[i])] = static_cast<signed char>(i);
  return v;
}

} // namespace

std::string hex_lower(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0xF]);
  }
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned n = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out.push_back(base64_alphabet[(n >> 18) & 63]);
    out.push_back(base64_alphabet[(n >> 12) & 63]);
    out.push_back(base64_alphabet[(n >> 6) & 63]);
    out.push_back(base64_alphabet[n & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    const unsigned n = (at(i) << 16) | (rest == 2 ? at(i + 1) << 8 : 0u);
    out.push_back(base64_alphabet[(n >> 18) & 63]);
    out.push_back(base64_alphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? base64_alphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::string base64_decode(std::string_view text) {
  static constexpr auto values = base64_values();
  if (text.size() % 4 != 0) throw std::invalid_argument("malformed base64: length is not a multiple of 4");
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    std::size_t padding = 0;
    if (last) {
      if (text[i + 3] == '=') ++padding;
      if (padding == 1 && text[i + 2] == '=') ++padding;
    }
    unsigned n = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      unsigned v = 0;
      if (k < 4 - padding) {
        const signed char d = values[static_cast<unsigned char>(text[i + k])];
        if (d < 0) throw std::invalid_argument("malformed base64: invalid character or misplaced padding");
        v = static_cast<unsigned>(d);
      }
      n = (n << 6) | v;
    }
    // Bits below the last encoded byte must be zero in canonical base64.
    if ((padding == 1 && (n & 0xFF) != 0) || (padding == 2 && (n & 0xFFFF) != 0))
      throw std::invalid_argument("malformed base64: non-zero trailing bits");
    out.push_back(static_cast<char>((n >> 16) & 0xFF));
    if (padding < 2) out.push_back(static_cast<char>((n >> 8) & 0xFF));
    if (padding < 1) out.push_back(static_cast<char>(n & 0xFF));
  }
  return out;
}

} // namespace modelarts::auth
