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

/// Gathers the body in memory, then calls a pattern route's handler.
class buffered_body final : public body_consumer {
public:
  buffered_body(const handler& answer, const http::request& head, path_params params,
                std::optional<std::uint64_t> content_length)
      : answer_(answer), head_(head), params_(std::move(params)) {
    // Reserved up to a bound: a lying Content-Length must not allocate.
    if (content_length) body_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*content_length, 1 << 20)));
  }
  void write(std::string_view chunk) override { body_.append(chunk); }
  reply finish() override {
    if (body_.empty()) return {answer_(head_, params_), {}};
    http::request with_body = head_;
    with_body.body = std::move(body_);
    return {answer_(with_body, params_), {}};
  }

private:
  const handler& answer_;
  const http::request& head_;
  path_params params_;
  std::string body_;
};

reply default_injected_error(const fault& f, const incoming& in) { return {injected_error(f, in.head), {}}; }

reply no_such_route() {
  return {apig_error(404, "APIG.0101", "The API does not exist or has not been published in the environment"), {}};
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
  route r{std::move(method), {}, std::move(answer), std::move(applies), nullptr};
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

void router::add_service(service_route s) {
  if (!s.applies || !s.start) throw std::invalid_argument("a service route needs a filter and a handler");
  services_.push_back(std::make_unique<service_route>(std::move(s)));
  route r;
  r.service = services_.back().get();
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

route_match router::find(const http::request& req) const {
  const auto service_match = [&req](const service_route& s) {
    route_match m;
    m.start = s.start;
    m.injected_error = s.injected_error ? s.injected_error : fault_answer(default_injected_error);
    m.logged_path = s.logged_path ? s.logged_path(req) : req.path;
    m.body_on_workers = s.body_on_workers;
    return m;
  };
  for (const auto& s : services_) {
    if (s->tried_first && s->applies(req)) return service_match(*s);
  }
  for (const auto& r : routes_) {
    if (const auto* s = r.service) {
      if (s->tried_first || !s->applies(req)) continue;
      return service_match(*s);
    }
    if (r.method != req.method) continue;
    path_params params;
    if (!match(r, req.path, params)) continue;
    if (r.applies && !r.applies(req)) continue;
    route_match m;
    m.start = [answer = &r.answer, params = std::move(params)](const incoming& in) -> route_start {
      return std::make_unique<buffered_body>(*answer, in.head, params, in.content_length);
    };
    m.injected_error = default_injected_error;
    m.logged_path = req.path;
    return m;
  }
  route_match none;
  none.start = [](const incoming&) -> route_start { return no_such_route(); };
  none.injected_error = default_injected_error;
  none.logged_path = req.path;
  return none;
}

} // namespace modelarts::emulator
