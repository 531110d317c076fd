// The INI dialect of credential profile files (~/.huaweicloud/credentials).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace modelarts {

/// key (lower-case) → value
using profile_section = std::map<std::string, std::string>;
/// section name (as written) → its keys
using profile_sections = std::map<std::string, profile_section, std::less<>>;

/// Parses INI text: `[section]` headers, `key = value` lines (key case-
/// insensitive, value trimmed, one pair of surrounding quotes removed), blank
/// lines, and whole-line comments starting with '#' or ';'. A '#' inside a value
/// is part of the value (passwords may hold one). CRLF line ends and a UTF-8
/// BOM are accepted; a later duplicate key wins.
///
/// Any other line, or a key before the first section, throws
/// `system_error(invalid_configuration)` with "<source>:<line>: ..." — never
/// the line's text, which may hold a secret.
profile_sections parse_profile_text(std::string_view text, const std::string& source);

/// Reads and parses a file. A file that does not exist gives nullopt; one that
/// exists but cannot be read throws `system_error(invalid_configuration)`.
std::optional<profile_sections> read_profile_file(const std::filesystem::path& file);

} // namespace modelarts
