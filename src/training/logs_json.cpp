#include "training/logs_json.hpp"

#include "core/json_fields.hpp"
#include "modelarts/error.hpp"
#include "training/json_parts.hpp"

#include <cstdlib>

namespace modelarts::training {

namespace jf = json_fields;

log_preview log_preview_from_json(const boost::json::object& o) {
  log_preview p;
  p.content = jf::text(o, "content");
  const auto size = static_cast<long long>(p.content.size());
  p.current_size = jf::integer(o, "current_size", size);
  p.full_size = jf::integer(o, "full_size", p.current_size);
  return p;
}

std::string log_url_from_json(const boost::json::object& o) {
  auto url = jf::text(o, "obs_url");
  if (url.empty())
    throw boost::system::system_error(make_error_code(errc::malformed_response),
                                      "get log url: no 'obs_url' in the response");
  return url;
}

namespace {

std::optional<double> sample(const boost::json::value& v) {
  double d = 0;
  if (v.is_number()) {
    d = v.to_number<double>();
  } else if (v.is_string()) {
    const std::string s(v.get_string());
    char* end = nullptr;
    d = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size()) return std::nullopt;
  } else {
    return std::nullopt;
  }
  // The service writes -1 for a minute without a sample.
  if (d == -1.0) return std::nullopt;
  return d;
}

} // namespace

job_metrics metrics_from_json(const boost::json::object& o) {
  job_metrics m;
  if (const auto* list = json_parts::array_of(o, "metrics")) {
    for (const auto& item : *list) {
      if (!item.is_object()) continue;
      metric_series s;
      s.metric = jf::text(item.get_object(), "metric");
      if (const auto* values = json_parts::array_of(item.get_object(), "value")) {
        for (const auto& v : *values) s.values.push_back(sample(v));
      }
      m.series.push_back(std::move(s));
    }
  }
  return m;
}

} // namespace modelarts::training
