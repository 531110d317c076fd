#include "inference_multipart.hpp"

#include "core/http_message.hpp"

namespace modelarts::emulator {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// `key="value"` or `key=value` among `;`-separated parameters.
std::optional<std::string> parameter(std::string_view header_value, std::string_view key) {
  std::size_t at = 0;
  while (at < header_value.size()) {
    auto end = header_value.find(';', at);
    if (end == std::string_view::npos) end = header_value.size();
    const auto item = trim(header_value.substr(at, end - at));
    const auto eq = item.find('=');
    if (eq != std::string_view::npos && http::iequals(trim(item.substr(0, eq)), key)) {
      auto value = trim(item.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return std::string(value);
    }
    at = end + 1;
  }
  return std::nullopt;
}

} // namespace

std::string multipart_boundary(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  if (!http::iequals(trim(content_type.substr(0, semicolon)), "multipart/form-data")) return {};
  if (semicolon == std::string_view::npos) return {};
  return parameter(content_type.substr(semicolon + 1), "boundary").value_or("");
}

std::optional<std::vector<form_part>> parse_multipart(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next = "\r\n" + delimiter;
  if (body.substr(0, delimiter.size()) != delimiter) return std::nullopt;
  std::vector<form_part> parts;
  std::size_t at = delimiter.size();
  for (;;) {
    if (body.substr(at, 2) == "--") return parts; // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return std::nullopt;
    at += 2;
    const auto head_end = body.find("\r\n\r\n", at);
    if (head_end == std::string_view::npos) return std::nullopt;
    form_part part;
    for (std::size_t line = at; line < head_end;) {
      auto eol = body.find("\r\n", line);
      if (eol == std::string_view::npos || eol > head_end) eol = head_end;
      const auto text = body.substr(line, eol - line);
      const auto colon = text.find(':');
      if (colon != std::string_view::npos) {
        const auto name = trim(text.substr(0, colon));
        const auto value = trim(text.substr(colon + 1));
        if (http::iequals(name, "Content-Disposition")) {
          part.name = parameter(value, "name").value_or("");
          part.file_name = parameter(value, "filename");
        } else if (http::iequals(name, "Content-Type")) {
          part.content_type = value;
        }
      }
      line = eol + 2;
    }
    const auto data_start = head_end + 4;
    const auto data_end = body.find(next, data_start);
    if (data_end == std::string_view::npos) return std::nullopt;
    part.data = body.substr(data_start, data_end - data_start);
    parts.push_back(std::move(part));
    at = data_end + next.size();
  }
}

} // namespace modelarts::emulator
