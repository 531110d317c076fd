// Text helpers shared by the signers' canonical forms (internal to auth/).
#pragma once

#include "core/http_message.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace modelarts::auth::detail {

std::string to_lower(std::string_view s);
/// Without leading and trailing spaces and tabs.
std::string_view trim(std::string_view s);
/// Trimmed, with every run of spaces and tabs inside collapsed to one space
/// (SigV4 canonical header values).
std::string collapse_spaces(std::string_view s);

/// `k=v` pairs, keys and values RFC-3986 encoded, sorted by encoded key then
/// encoded value, joined with '&'; a key without value gives `k=`.
std::string sorted_encoded_query(const std::vector<http::query_param>& query);

/// Every value of the header `name` (any case), trimmed, in order, joined
/// with ','. Empty when the header is absent.
std::string joined_header_values(const http::header_list& headers, std::string_view name);

/// `name:value\n` for each name, then "\n" and the names joined with ';':
/// the canonical-headers and signed-headers lines of APIG and SigV4.
/// `value_of` maps a lower-case name to its canonical value.
template <class ValueOf>
std::string canonical_header_block(const std::vector<std::string>& names, ValueOf value_of) {
  std::string out;
  for (const auto& n : names) {
    out += n;
    out += ':';
    out += value_of(n);
    out += '\n';
  }
  out += '\n';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i != 0) out += ';';
    out += names[i];
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep);
bool is_lower_hex(std::string_view s);

} // namespace modelarts::auth::detail
