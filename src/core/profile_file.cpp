#include "core/profile_file.hpp"

#include <modelarts/error.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <system_error>

namespace modelarts {
namespace {

// A credentials file is a few hundred bytes; anything far larger is not one.
constexpr std::uintmax_t max_profile_file_size = 1024 * 1024;

[[noreturn]] void invalid(const std::string& what) {
  throw boost::system::system_error(make_error_code(errc::invalid_configuration), what);
}

[[noreturn]] void malformed(const std::string& source, std::size_t line, std::string_view why) {
  invalid(source + ":" + std::to_string(line) + ": " + std::string(why));
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\f\v";
  const auto first = s.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
  });
  return out;
}

std::string_view unquote(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    return v.substr(1, v.size() - 2);
  return v;
}

} // namespace

profile_sections parse_profile_text(std::string_view text, const std::string& source) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text.substr(0, bom.size()) == bom) text.remove_prefix(bom.size());

  profile_sections sections;
  profile_section* current = nullptr;
  std::size_t line_number = 0;

  while (!text.empty()) {
    ++line_number;
    const auto newline = text.find('\n');
    const std::string_view raw = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);

    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;

    if (line.front() == '[') {
      if (line.back() != ']') malformed(source, line_number, "a section header must end with ']'");
      const std::string_view name = trim(line.substr(1, line.size() - 2));
      if (name.empty()) malformed(source, line_number, "a section header needs a name");
      current = &sections[std::string(name)];
      continue;
    }

    const auto eq = line.find('=');
    if (eq == std::string_view::npos)
      malformed(source, line_number, "expected 'key = value', a [section] or a comment");
    const std::string_view key = trim(line.substr(0, eq));
    if (key.empty() || !std::all_of(key.begin(), key.end(), is_key_char))
      malformed(source, line_number, "expected a key of letters, digits, '_', '-' or '.' before '='");
    if (current == nullptr) malformed(source, line_number, "a key before the first [section]");
    (*current)[lower(key)] = std::string(unquote(trim(line.substr(eq + 1))));
  }
  return sections;
}

std::optional<profile_sections> read_profile_file(const std::filesystem::path& file) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (!std::filesystem::exists(status)) return std::nullopt;
  const std::string name = file.string();
  if (!std::filesystem::is_regular_file(status)) invalid(name + ": not a regular file");
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) invalid(name + ": cannot be read (" + ec.message() + ")");
  if (size > max_profile_file_size) invalid(name + ": too large for a credentials file");

  std::ifstream in(file, std::ios::binary);
  if (!in) invalid(name + ": cannot be opened");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) invalid(name + ": cannot be read");
  return parse_profile_text(text, name);
}

} // namespace modelarts
