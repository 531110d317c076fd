#include "router.hpp"

#include "cloud_errors.hpp"

#include <stdexcept>

namespace modelarts::emulator {

namespace {

/// "/a/b/c" -> {"a", "b", "c"}; "/" -> {""}.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.starts_with('/')) path.remove_prefix(1);
  for (;;) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

} // namespace

void path_params::add(std::string_view name, std::string value) {
  values_.emplace_back(std::string(name), std::move(value));
}

std::string_view path_params::get(std::string_view name) const {
  for (const auto& [n, v] : values_) {
    if (n == name) return v;
  }
  return {};
}

void router::add(std::string method, std::string_view pattern, handler answer,
                 request_filter applies) {
  if (!pattern.starts_with('/')) throw std::invalid_argument("route pattern must start with '/'");
  route r{std::move(method), {}, std::move(answer), std::move(applies)};
  const auto parts = split_path(pattern);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto part = parts[i];
    segment s;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      s.is_param = true;
      s.text = std::string(part.substr(1, part.size() - 2));
      if (s.text.ends_with('+')) {
        if (i + 1 != parts.size()) throw std::invalid_argument("{name+} must be the last segment");
        s.text.pop_back();
        s.takes_rest = true;
      }
    } else {
      s.text = std::string(part);
    }
    r.segments.push_back(std::move(s));
  }
  routes_.push_back(std::move(r));
}

bool router::match(const route& r, std::string_view path, path_params& params) {
  if (!path.starts_with('/')) return false;
  std::string_view rest = path.substr(1);
  for (std::size_t i = 0; i < r.segments.size(); ++i) {
    const auto& s = r.segments[i];
    if (s.takes_rest) {
      if (rest.empty()) return false;
      params.add(s.text, std::string(rest));
      return true;
    }
    const auto slash = rest.find('/');
    const bool last = i + 1 == r.segments.size();
    // The pattern's last segment must end the path; the others must not.
    if (last != (slash == std::string_view::npos)) return false;
    const auto part = rest.substr(0, slash);
    if (s.is_param) {
      if (part.empty()) return false;
      params.add(s.text, std::string(part));
    } else if (part != s.text) {
      return false;
    }
    if (!last) rest.remove_prefix(slash + 1);
  }
  return true;
}

http::response router::dispatch(const http::request& req) const {
  for (const auto& r : routes_) {
    if (r.method != req.method) continue;
    path_params params;
    if (!match(r, req.path, params)) continue;
    if (r.applies && !r.applies(req)) continue;
    return r.answer(req, params);
  }
  return apig_error(404, "APIG.0101",
                    "The API does not exist or has not been published in the environment");
}

} // namespace modelarts::emulator
