#include "core/text_excerpt.hpp"

#include <array>
#include <cstdint>

namespace modelarts {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

bool istarts_with(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (ascii_lower(s[i]) != prefix[i]) return false;
  return true;
}

/// Position just past the first case-insensitive occurrence of `needle`
/// (lower-case) at or after `from`, or npos.
std::size_t ifind_end(std::string_view s, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i)
    if (istarts_with(s.substr(i), needle)) return i + needle.size();
  return std::string_view::npos;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    out.push_back('?');
  } else if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

/// Decodes the character reference starting at s[0] == '&'. Returns the bytes
/// consumed (0 when it is not a reference we know; the '&' is then literal).
std::size_t decode_reference(std::string_view s, std::string& out) {
  const auto semi = s.find(';');
  if (semi == std::string_view::npos || semi > 10) return 0;
  const std::string_view name = s.substr(1, semi - 1);
  struct named { std::string_view name; char value; };
  constexpr std::array<named, 6> names = {{{"amp", '&'}, {"lt", '<'}, {"gt", '>'},
                                          {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '}}};
  for (const auto& n : names) {
    if (name == n.name) {
      out.push_back(n.value);
      return semi + 1;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    std::uint32_t cp = 0;
    for (char c : digits) {
      std::uint32_t d = 0;
      if (c >= '0' && c <= '9') d = static_cast<std::uint32_t>(c - '0');
      else if (hex && ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f') d = static_cast<std::uint32_t>(ascii_lower(c) - 'a' + 10);
      else return 0;
      cp = cp * (hex ? 16U : 10U) + d;
      if (cp > 0x10FFFF) return 0;
    }
    append_utf8(out, cp);
    return semi + 1;
  }
  return 0;
}

/// Length of the valid UTF-8 sequence at s[0], or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  std::size_t len = 0;
  std::uint32_t min_cp = 0;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) { len = 2; min_cp = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; min_cp = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; min_cp = 0x10000; }
  else return 0;
  if (s.size() < len) return 0;
  std::uint32_t cp = b0 & (0x7FU >> len);
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3FU);
  }
  if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

/// Collects output, folding whitespace and stopping once it is full.
class line_builder {
public:
  explicit line_builder(std::size_t max) : max_(max) {}

  void space() { pending_space_ = !out_.empty(); }
  /// Appends one whole character (1 to 4 bytes); false once the line is full.
  bool character(std::string_view bytes) {
    if (pending_space_) {
      if (out_.size() + 1 > max_) return full();
      out_.push_back(' ');
      pending_space_ = false;
    }
    if (out_.size() + bytes.size() > max_) return full();
    out_ += bytes;
    return true;
  }
  bool is_full() const { return cut_; }
  std::string finish() && {
    if (cut_) out_ += "...";
    return std::move(out_);
  }

private:
  bool full() {
    cut_ = true;
    return false;
  }
  std::string out_;
  std::size_t max_;
  bool pending_space_ = false;
  bool cut_ = false;
};

} // namespace

std::string text_excerpt(std::string_view text, excerpt_options options) {
  line_builder line(options.max_bytes);
  std::size_t i = 0;
  std::string decoded;
  while (i < text.size() && !line.is_full()) {
    const char c = text[i];
    if (options.strip_markup && c == '<') {
      const std::string_view rest = text.substr(i);
      std::size_t end = std::string_view::npos;
      if (rest.substr(0, 4) == "<!--") {
        end = ifind_end(text, "-->", i + 4);
      } else if (istarts_with(rest, "<script")) {
        end = ifind_end(text, "</script>", i);
      } else if (istarts_with(rest, "<style")) {
        end = ifind_end(text, "</style>", i);
      } else {
        const auto close = text.find('>', i);
        end = close == std::string_view::npos ? close : close + 1;
      }
      if (end == std::string_view::npos) break; // an unterminated tag: the text ends here
      line.space();
      i = end;
      continue;
    }
    if (options.strip_markup && c == '&') {
      decoded.clear();
      if (const auto used = decode_reference(text.substr(i), decoded); used != 0) {
        const auto first = static_cast<unsigned char>(decoded[0]);
        if (decoded.size() == 1 && (first <= 0x20 || first == 0x7F)) line.space();
        else line.character(decoded);
        i += used;
        continue;
      }
    }
    const auto uc = static_cast<unsigned char>(c);
    if (uc <= 0x20 || uc == 0x7F) {
      line.space();
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(text.substr(i));
    if (len == 0) {
      line.character("?");
      ++i;
    } else {
      line.character(text.substr(i, len));
      i += len;
    }
  }
  return std::move(line).finish();
}

} // namespace modelarts
