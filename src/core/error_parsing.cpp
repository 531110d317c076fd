#include "core/error_parsing.hpp"

#include "core/http_date.hpp"
#include "core/http_status.hpp"
#include "core/text_excerpt.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <string>

namespace modelarts {
namespace {

namespace json = boost::json;

// Bounds on what an error message may take from a body. The service's own
// fields may be longer than the excerpt of an unknown body, but no field may
// turn an exception message into a page of text.
constexpr std::size_t max_message_bytes = 1024;
constexpr std::size_t max_token_bytes = 256; // codes, request ids, host ids
constexpr std::size_t max_unknown_body_bytes = 200;
// Bodies larger than this are not parsed as JSON (an error body is small;
// anything this big is not one, and parsing it costs time and memory).
constexpr std::size_t max_json_body = 1024 * 1024;

struct diagnostics {
  std::string code;
  std::string message;
  std::string solution;
  std::string request_id;
  std::string host_id;
};

std::string one_line(std::string_view text, std::size_t max_bytes) {
  return text_excerpt(text, {.max_bytes = max_bytes, .strip_markup = false});
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\n\f\v";
  const auto first = s.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(ws);
  return s.substr(first, last - first + 1);
}

// ---- JSON --------------------------------------------------------------------

/// The text of a string or number field, or "" when absent or of another kind.
std::string scalar_text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (const auto* s = v->if_string()) return std::string(s->data(), s->size());
  if (const auto* i = v->if_int64()) return std::to_string(*i);
  if (const auto* u = v->if_uint64()) return std::to_string(*u);
  return {};
}

std::string first_of(const json::object& o, std::initializer_list<std::string_view> keys) {
  for (auto key : keys) {
    if (auto text = scalar_text(o, key); !trim(text).empty()) return text;
  }
  return {};
}

void read_json_object(const json::object& o, diagnostics& d) {
  d.code = first_of(o, {"error_code", "errorCode", "code", "Code"});
  d.message = first_of(o, {"error_msg", "error_message", "errorMessage", "errorMsg", "message",
                           "Message", "msg"});
  d.solution = first_of(o, {"error_solution"});
  d.request_id = first_of(o, {"request_id", "requestId", "RequestId"});

  if (const auto* nested = o.if_contains("error")) {
    if (const auto* e = nested->if_object()) {
      // IAM: {"error": {"code": 401, "message": "...", "title": "Unauthorized"}}
      if (d.code.empty()) d.code = first_of(*e, {"code", "error_code"});
      if (d.message.empty()) d.message = first_of(*e, {"message", "error_msg", "title"});
      if (d.request_id.empty()) d.request_id = first_of(*e, {"request_id"});
    } else if (const auto* s = nested->if_string()) {
      // OAuth style: {"error": "invalid_grant", "error_description": "..."};
      // without a description the string is the message itself.
      const std::string description = first_of(o, {"error_description"});
      if (!description.empty()) {
        if (d.code.empty()) d.code.assign(s->data(), s->size());
        if (d.message.empty()) d.message = description;
      } else if (d.message.empty()) {
        d.message.assign(s->data(), s->size());
      }
    }
  }
}

/// True when the body was JSON and was understood (possibly leaving fields empty).
bool read_json(std::string_view body, diagnostics& d) {
  if (body.size() > max_json_body) return false;
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec) return false;
  if (const auto* o = v.if_object()) {
    read_json_object(*o, d);
    return true;
  }
  if (const auto* s = v.if_string()) {
    d.message.assign(s->data(), s->size());
    return true;
  }
  return false; // an array or a bare number: shown as text
}

// ---- XML -----------------------------------------------------------------------

/// The text of <tag>...</tag> in `xml` (entities decoded), or "".
std::string element_text(std::string_view xml, std::string_view tag, std::size_t max_bytes) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const auto start = xml.find(open);
  if (start == std::string_view::npos) return {};
  const auto content = start + open.size();
  const auto end = xml.find(close, content);
  if (end == std::string_view::npos) return {};
  return text_excerpt(xml.substr(content, end - content), {.max_bytes = max_bytes});
}

bool read_xml_error(std::string_view body, diagnostics& d) {
  const auto root = body.find("<Error>");
  if (root == std::string_view::npos) return false;
  const std::string_view xml = body.substr(root);
  d.code = element_text(xml, "Code", max_token_bytes);
  d.message = element_text(xml, "Message", max_message_bytes);
  d.request_id = element_text(xml, "RequestId", max_token_bytes);
  d.host_id = element_text(xml, "HostId", max_token_bytes);
  return true;
}

// ---- the whole answer ------------------------------------------------------------

diagnostics read_body(unsigned status, std::string_view body) {
  diagnostics d;
  const std::string_view text = trim(body);
  if (text.empty()) {
    d.message = std::string(http::reason_phrase(status));
    return d;
  }
  bool understood = false;
  if (text.front() == '{' || text.front() == '"') understood = read_json(text, d);
  else if (text.front() == '<') understood = read_xml_error(text, d);

  d.code = one_line(d.code, max_token_bytes);
  d.message = one_line(d.message, max_message_bytes);
  d.solution = one_line(d.solution, max_message_bytes);
  d.request_id = one_line(d.request_id, max_token_bytes);

  if (d.message.empty()) {
    // A code alone (or nothing we know) still deserves a readable message.
    if (understood && !d.code.empty()) d.message = std::string(http::reason_phrase(status));
    else d.message = text_excerpt(text, {.max_bytes = max_unknown_body_bytes,
                                         // Markup only when it looks like a page: in
                                         // plain text a '<' is just a character.
                                         .strip_markup = text.front() == '<'});
  }
  if (d.message.empty()) d.message = std::string(http::reason_phrase(status));
  return d;
}

std::string header_text(const http::header_list& headers,
                        std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    if (auto v = headers.get(name)) {
      if (auto t = one_line(*v, max_token_bytes); !t.empty()) return t;
    }
  }
  return {};
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
  });
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool contains_any(std::string_view haystack, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](std::string_view n) { return contains(haystack, n); });
}

} // namespace

api_error parse_api_error(unsigned status, const http::header_list& headers, std::string_view body) {
  try {
    diagnostics d = read_body(status, body);
    std::string request_id = header_text(headers, {"X-Request-Id", "x-obs-request-id", "x-amz-request-id"});
    if (request_id.empty()) request_id = std::move(d.request_id);
    std::string host_id = std::move(d.host_id);
    if (host_id.empty()) host_id = header_text(headers, {"x-obs-id-2", "x-amz-id-2"});

    api_error e(status, std::move(d.code), std::move(d.message), std::move(request_id),
                std::move(d.solution));
    e.set_host_id(std::move(host_id));
    return e;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception&) {
    // Whatever went wrong reading the body, the caller still gets the status.
    return api_error(status, {}, std::string(http::reason_phrase(status)), {});
  }
}

bool is_clock_skew_error(const api_error& e) {
  if (http::iequals(e.service_code(), "RequestTimeTooSkewed")) return true;
  const std::string m = lower(e.message());
  if (contains(m, "skew")) return true;
  // APIG: "Incorrect IAM authentication information: signature expired, signature
  // time:20230527T000431Z,server time:20230527T020608Z".
  if (contains_any(m, {"signature expired", "request expired", "request has expired"})) return true;
  // S3: "The difference between the request time and the current time is too large."
  if (contains_any(m, {"request time", "request timestamp", "x-sdk-date", "signature time"}) &&
      contains_any(m, {"expired", "too large", "too old", "out of range", "exceed", "difference"}))
    return true;
  return e.service_code() == "APIG.0201" && contains(m, "expired") && !contains(m, "token");
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  constexpr std::int64_t cap = 2147483647; // 2^31 - 1 seconds
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t seconds = 0;
    for (char c : value) {
      seconds = seconds * 10 + (c - '0');
      if (seconds > cap) return std::chrono::seconds(cap);
    }
    return std::chrono::seconds(seconds);
  }
  const auto when = http::parse_http_date(value);
  if (!when) return std::nullopt;
  if (*when <= now) return std::chrono::seconds(0);
  const auto wait = std::chrono::ceil<std::chrono::seconds>(*when - now);
  return std::chrono::seconds(std::min<std::int64_t>(wait.count(), cap));
}

} // namespace modelarts
