#include "wire_format.hpp"

#include "auth/crypto.hpp"
#include "auth/signer.hpp"
#include "core/uri_encoding.hpp"

#include <charconv>

namespace modelarts::emulator {

void parse_target(std::string_view target, http::request& into) {
  if (target.starts_with("http://") || target.starts_with("https://")) {
    const auto authority = target.find("://") + 3;
    const auto path_start = target.find('/', authority);
    target = path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
  }
  const auto question = target.find('?');
  into.path = http::uri_decode(target.substr(0, question));
  if (into.path.empty()) into.path = "/";
  into.query.clear();
  if (question == std::string_view::npos) return;
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      http::query_param p;
      p.key = http::uri_decode(pair.substr(0, eq));
      if (eq != std::string_view::npos) p.value = http::uri_decode(pair.substr(eq + 1));
      into.query.push_back(std::move(p));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
}

http::origin origin_from_host(std::string_view host_header, bool tls, std::uint16_t local_port) {
  http::origin o;
  o.scheme = tls ? "https" : "http";
  o.port = local_port;
  std::string_view port_text;
  if (host_header.starts_with('[')) {
    const auto close = host_header.find(']');
    o.host = std::string(host_header.substr(1, close == std::string_view::npos ? close : close - 1));
    if (close != std::string_view::npos && host_header.substr(close + 1).starts_with(':'))
      port_text = host_header.substr(close + 2);
  } else {
    const auto colon = host_header.rfind(':');
    o.host = std::string(host_header.substr(0, colon));
    if (colon != std::string_view::npos) port_text = host_header.substr(colon + 1);
  }
  if (!port_text.empty()) {
    std::uint16_t port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec == std::errc{} && end == port_text.data() + port_text.size()) o.port = port;
  }
  return o;
}

std::string new_request_id() {
  std::string id(16, '\0');
  auth::random_bytes(id.data(), id.size());
  return auth::hex_lower(id);
}

void finish_response(http::response& res, const http::request& req, std::string_view request_id,
                     std::chrono::system_clock::time_point now, bool keep_alive, std::uint64_t body_size) {
  res.headers.set("X-Request-Id", request_id);
  res.headers.set("Date", auth::http_date(now));
  res.headers.set("Server", "modelarts-emulator");
  const bool empty_by_status = (res.status == 204 || res.status == 304) && body_size == 0;
  if (!res.headers.contains("Content-Type") && !empty_by_status)
    res.headers.set("Content-Type", "application/json;charset=UTF-8");
  // A HEAD answer announces the size of the body a GET would get.
  if (req.method != "HEAD" || !res.headers.contains("Content-Length"))
    res.headers.set("Content-Length", std::to_string(body_size));
  if (keep_alive) {
    res.headers.erase("Connection");
  } else {
    res.headers.set("Connection", "close");
  }
}

namespace {

void append_clean(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c != '\r' && c != '\n') out += c;
  }
}

} // namespace

std::string serialize_head(const http::response& res) {
  std::string out;
  out.reserve(256);
  out += "HTTP/1.1 ";
  out += std::to_string(res.status);
  out += ' ';
  out += reason_phrase(res.status);
  out += "\r\n";
  for (const auto& f : res.headers) {
    append_clean(out, f.name);
    out += ": ";
    append_clean(out, f.value);
    out += "\r\n";
  }
  out += "\r\n";
  return out;
}

std::string_view reason_phrase(unsigned status) {
  switch (status) {
  case 100: return "Continue";
  case 200: return "OK";
  case 201: return "Created";
  case 202: return "Accepted";
  case 204: return "No Content";
  case 206: return "Partial Content";
  case 304: return "Not Modified";
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 408: return "Request Timeout";
  case 409: return "Conflict";
  case 411: return "Length Required";
  case 412: return "Precondition Failed";
  case 413: return "Payload Too Large";
  case 416: return "Range Not Satisfiable";
  case 429: return "Too Many Requests";
  case 500: return "Internal Server Error";
  case 501: return "Not Implemented";
  case 502: return "Bad Gateway";
  case 503: return "Service Unavailable";
  case 504: return "Gateway Timeout";
  default: return "Unknown";
  }
}

} // namespace modelarts::emulator
