#include "model_store.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <random>

namespace modelarts::emulator {

namespace {

namespace json = boost::json;

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

/// A UUID-shaped id (version 4 layout), like the cloud's model ids.
std::string new_model_id() {
  static std::mutex mutex;
  static std::mt19937_64 generator{std::random_device{}()};
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  {
    std::lock_guard lock(mutex);
    hi = generator();
    lo = generator();
  }
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xfff),
                static_cast<unsigned>(0x8000 | ((lo >> 48) & 0x3fff)),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return text;
}

/// "1.10.2" < "1.9.3" is false: versions compare part by part, numerically.
bool version_less(std::string_view a, std::string_view b) {
  auto next_part = [](std::string_view& s) {
    long long n = 0;
    std::size_t i = 0;
    for (; i < s.size() && s[i] != '.'; ++i) {
      if (s[i] >= '0' && s[i] <= '9') n = n * 10 + (s[i] - '0');
    }
    s.remove_prefix(i < s.size() ? i + 1 : i);
    return n;
  };
  while (!a.empty() || !b.empty()) {
    const auto x = next_part(a);
    const auto y = next_part(b);
    if (x != y) return x < y;
  }
  return false;
}

bool contains_text(std::string_view haystack, std::string_view needle) {
  return needle.empty() || haystack.find(needle) != std::string_view::npos;
}

} // namespace

std::string model_store::status_of(const stored_model& m) const {
  if (state_.now() < m.created + state_.settings().phase_duration) return "publishing";
  return m.fails ? "failed" : "published";
}

json::object model_store::render(const stored_model& m) const {
  json::object body = m.request;
  const auto status = status_of(m);
  body["model_id"] = m.id;
  body["model_status"] = status;
  body["create_at"] = m.create_at_ms;
  body["tenant"] = state_.settings().project_id;
  body["project"] = state_.settings().project_id;
  body["owner"] = state_.settings().project_id;
  // A synthetic size (1 KiB per character of the name) so that sorting by
  // model_size can be observed.
  body["model_size"] = static_cast<std::int64_t>(text_of(m.request, "model_name").size() * 1024);
  body["schema_doc"] = "";
  body["image_address"] = "";
  if (!body.contains("source_type")) body["source_type"] = "";
  if (status == "failed") {
    body["failed_msg"] = "Model publication failed: the emulator fails every model whose name starts with "
                         "'emulator-fail'.";
  }
  return body;
}

std::optional<model_summary> model_store::find(std::string_view id) const {
  std::lock_guard lock(mutex_);
  for (const auto& m : models_) {
    if (m.id == id) {
      return model_summary{m.id, text_of(m.request, "model_name"), text_of(m.request, "model_version"),
                           text_of(m.request, "model_type"), status_of(m)};
    }
  }
  return std::nullopt;
}

std::string model_store::add(json::object request) {
  stored_model m;
  m.id = new_model_id();
  m.fails = text_of(request, "model_name").starts_with("emulator-fail");
  m.request = std::move(request);
  m.created = state_.now();
  m.create_at_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(m.created.time_since_epoch()).count();
  std::lock_guard lock(mutex_);
  m.sequence = next_sequence_++;
  models_.push_back(std::move(m));
  return models_.back().id;
}

bool model_store::contains(std::string_view name, std::string_view version) const {
  std::lock_guard lock(mutex_);
  return std::any_of(models_.begin(), models_.end(), [&](const stored_model& m) {
    return text_of(m.request, "model_name") == name && text_of(m.request, "model_version") == version;
  });
}

std::optional<json::object> model_store::detail(std::string_view id) const {
  std::lock_guard lock(mutex_);
  for (const auto& m : models_) {
    if (m.id == id) return render(m);
  }
  return std::nullopt;
}

json::object model_store::list(const model_query& query) const {
  std::vector<json::object> matching;
  {
    std::lock_guard lock(mutex_);
    std::vector<const stored_model*> sorted;
    for (const auto& m : models_) sorted.push_back(&m);
    // Creation order first, so that ties in the sort key keep a stable order.
    std::stable_sort(sorted.begin(), sorted.end(), [](const stored_model* a, const stored_model* b) {
      return a->sequence < b->sequence;
    });
    for (const auto* m : sorted) {
      auto body = render(*m);
      if (!contains_text(text_of(body, "model_name"), query.name_contains)) continue;
      if (!query.version.empty() && text_of(body, "model_version") != query.version) continue;
      if (!query.status.empty() && text_of(body, "model_status") != query.status) continue;
      if (!contains_text(text_of(body, "description"), query.description_contains)) continue;
      matching.push_back(std::move(body));
    }
  }
  auto less = [&](const json::object& a, const json::object& b) {
    if (query.sort_by == "model_version")
      return version_less(text_of(a, "model_version"), text_of(b, "model_version"));
    const auto* key = query.sort_by == "model_size" ? "model_size" : "create_at";
    return a.at(key).as_int64() < b.at(key).as_int64();
  };
  // Ties keep creation order in an ascending list and the reverse in a
  // descending one: two models made in the same millisecond still list newest first.
  if (!query.ascending) std::reverse(matching.begin(), matching.end());
  std::stable_sort(matching.begin(), matching.end(),
                   [&](const json::object& a, const json::object& b) {
                     return query.ascending ? less(a, b) : less(b, a);
                   });
  json::array page;
  const auto first = query.page * query.limit;
  for (std::size_t i = first; i < matching.size() && i < first + query.limit; ++i) page.push_back(matching[i]);
  json::object body;
  body["total_count"] = matching.size();
  body["count"] = page.size();
  body["models"] = std::move(page);
  return body;
}

bool model_store::remove(std::string_view id) {
  std::lock_guard lock(mutex_);
  const auto it = std::find_if(models_.begin(), models_.end(), [&](const stored_model& m) { return m.id == id; });
  if (it == models_.end()) return false;
  models_.erase(it);
  return true;
}

} // namespace modelarts::emulator
