#include "core/json_fields.hpp"

#include "modelarts/error.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>

namespace modelarts::json_fields {

boost::json::object parse_object(std::string_view body, std::string_view what) {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec)
    throw boost::system::system_error(make_error_code(errc::malformed_response),
                                      std::string(what) + ": response is not JSON (" + ec.message() + ")");
  if (!value.is_object())
    throw boost::system::system_error(make_error_code(errc::malformed_response),
                                      std::string(what) + ": response is not a JSON object");
  return std::move(value.as_object());
}

std::string text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_bool()) return v->get_bool() ? "true" : "false";
  if (v->is_number()) return boost::json::serialize(*v);
  return {};
}

long long integer(const boost::json::object& o, std::string_view key, long long fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<long long>(v->get_uint64());
  if (v->is_double()) return static_cast<long long>(v->get_double());
  if (v->is_string()) {
    const auto s = v->get_string();
    long long out = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc{} && ptr == s.data() + s.size()) return out;
  }
  return fallback;
}

double number(const boost::json::object& o, std::string_view key, double fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (v->is_number()) return v->to_number<double>();
  if (v->is_string()) {
    try {
      std::size_t used = 0;
      const std::string s(v->get_string());
      const double d = std::stod(s, &used);
      if (used == s.size()) return d;
    } catch (const std::exception&) {
    }
  }
  return fallback;
}

bool boolean(const boost::json::object& o, std::string_view key, bool fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (v->is_bool()) return v->get_bool();
  if (v->is_string()) {
    if (v->get_string() == "true") return true;
    if (v->get_string() == "false") return false;
  }
  return fallback;
}

const boost::json::object& object(const boost::json::object& o, std::string_view key) {
  static const boost::json::object empty;
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? v->get_object() : empty;
}

boost::json::object unknown_fields(const boost::json::object& o, std::initializer_list<std::string_view> known) {
  boost::json::object rest;
  for (const auto& [k, v] : o) {
    if (std::find(known.begin(), known.end(), std::string_view(k)) == known.end()) rest.emplace(k, v);
  }
  return rest;
}

} // namespace modelarts::json_fields
