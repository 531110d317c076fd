// Turns an arbitrary response body into a short line fit for an error message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace modelarts {

struct excerpt_options {
  /// Bytes of text kept, not counting the "..." appended when cut. A cut never
  /// splits a UTF-8 sequence.
  std::size_t max_bytes = 200;
  /// Drops HTML/XML tags, comments, <script> and <style> contents, and decodes
  /// the common character references (`&amp;`, `&#39;`...).
  bool strip_markup = true;
};

/// One trimmed line: runs of whitespace and control characters become one
/// space; bytes that are not valid UTF-8 become '?'. Reads only as much of
/// `text` as the excerpt needs, so a huge body costs no more than a short one
/// (markup skipped over excepted).
std::string text_excerpt(std::string_view text, excerpt_options options = {});

} // namespace modelarts
