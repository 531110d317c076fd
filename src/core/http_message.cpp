#include "core/http_message.hpp"

#include "core/uri_encoding.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace modelarts::http {

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
           return lower(x) == lower(y);
         });
}

void header_list::set(std::string_view name, std::string_view value) {
  erase(name);
  add(name, value);
}

void header_list::add(std::string_view name, std::string_view value) {
  fields_.push_back({std::string(name), std::string(value)});
}

void header_list::erase(std::string_view name) {
  std::erase_if(fields_, [&](const field& f) { return iequals(f.name, name); });
}

std::optional<std::string_view> header_list::get(std::string_view name) const {
  for (const auto& f : fields_) {
    if (iequals(f.name, name)) return f.value;
  }
  return std::nullopt;
}

std::string origin::host_header() const {
  const bool default_port = (is_tls() && port == 443) || (!is_tls() && port == 80);
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string h = ipv6 ? "[" + host + "]" : host;
  if (!default_port) h += ":" + std::to_string(port);
  return h;
}

origin parse_origin(std::string_view url, std::string* base_path) {
  origin o;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos)
    throw std::invalid_argument("URL has no scheme (expected https:// or http://)");
  o.scheme = std::string(url.substr(0, scheme_end));
  std::transform(o.scheme.begin(), o.scheme.end(), o.scheme.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  if (o.scheme != "https" && o.scheme != "http")
    throw std::invalid_argument("URL scheme must be https or http");
  std::string_view rest = url.substr(scheme_end + 3);
  const auto path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path = path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  if (authority.find('@') != std::string_view::npos)
    throw std::invalid_argument("URL must not carry user information");
  o.port = o.is_tls() ? 443 : 80;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("URL has an unclosed IPv6 literal");
    o.host = std::string(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw std::invalid_argument("URL has junk after the IPv6 literal");
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    o.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (o.host.empty()) throw std::invalid_argument("URL has no host");
  if (o.host.find_first_of(" \t\r\n/\\") != std::string::npos)
    throw std::invalid_argument("URL host contains a space, line break or slash");
  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || value == 0 || value > 65535)
      throw std::invalid_argument("URL has an invalid port");
    o.port = static_cast<std::uint16_t>(value);
  }
  if (base_path != nullptr) {
    const auto end = path.find_first_of("?#");
    std::string p(path.substr(0, end));
    while (!p.empty() && p.back() == '/') p.pop_back();
    *base_path = std::move(p);
  }
  return o;
}

std::uint64_t request::body_size() const {
  if (body_pieces.empty()) return body.size();
  std::uint64_t total = 0;
  for (const auto& piece : body_pieces) total += piece.size();
  return total;
}

std::string request::target() const {
  std::string t = uri_encode(path, /*keep_slash=*/true);
  if (t.empty() || t.front() != '/') t.insert(t.begin(), '/');
  char sep = '?';
  for (const auto& q : query) {
    t.push_back(sep);
    sep = '&';
    t += uri_encode(q.key);
    // A parameter without value (`?uploads`) is written without '='.
    if (!q.value.empty()) {
      t.push_back('=');
      t += uri_encode(q.value);
    }
  }
  return t;
}

} // namespace modelarts::http
