#include "auth/canonical_text.hpp"

#include "core/uri_encoding.hpp"

#include <algorithm>
#include <utility>

namespace modelarts::auth::detail {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool in_space = false;
  for (const char c : trim(s)) {
    const bool space = c == ' ' || c == '\t';
    if (space && in_space) continue;
    out.push_back(space ? ' ' : c);
    in_space = space;
  }
  return out;
}

std::string sorted_encoded_query(const std::vector<http::query_param>& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  pairs.reserve(query.size());
  for (const auto& q : query) pairs.emplace_back(http::uri_encode(q.key), http::uri_encode(q.value));
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

std::string joined_header_values(const http::header_list& headers, std::string_view name) {
  std::string out;
  bool first = true;
  for (const auto& f : headers) {
    if (!http::iequals(f.name, name)) continue;
    if (!first) out += ',';
    out += trim(f.value);
    first = false;
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace modelarts::auth::detail
