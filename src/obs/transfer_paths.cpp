#include "obs/transfer_paths.hpp"

#include "modelarts/error.hpp"

#include <algorithm>
#include <cctype>

namespace modelarts::obs::transfer {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

/// Keys travel in errors: show control bytes (NUL above all) as escapes.
std::string printable(std::string_view key) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (const char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

[[noreturn]] void refuse(std::string_view key, const std::string& reason) {
  throw boost::system::system_error(make_error_code(errc::unsafe_object_key),
                                    "object key '" + printable(key) + "' " + reason);
}

} // namespace

bool is_obs_url(std::string_view path) { return starts_with_ci(path, "obs://") || starts_with_ci(path, "s3://"); }

std::string as_folder_prefix(std::string key) {
  if (!key.empty() && key.back() != '/') key += '/';
  return key;
}

std::string last_key_component(std::string_view key) {
  while (!key.empty() && key.back() == '/') key.remove_suffix(1);
  const auto slash = key.rfind('/');
  return std::string(slash == std::string_view::npos ? key : key.substr(slash + 1));
}

std::string last_local_component(const std::filesystem::path& folder) {
  auto p = std::filesystem::absolute(folder).lexically_normal();
  if (!p.has_filename() && p.has_relative_path()) p = p.parent_path(); // "/home/ma-user/" → "/home/ma-user"
  return p.filename().string();
}

std::string upload_key_for_file(std::string_view destination_key, const std::filesystem::path& local_file) {
  if (destination_key.empty() || destination_key.back() == '/')
    return std::string(destination_key) + local_file.filename().string();
  return std::string(destination_key);
}

std::string upload_key_in_folder(std::string_view folder_prefix, std::string_view last_dir,
                                 const std::filesystem::path& relative) {
  std::string key(folder_prefix);
  if (!key.empty() && key.back() != '/') key += '/';
  if (!last_dir.empty()) {
    key += last_dir;
    key += '/';
  }
  key += relative.generic_string();
  return key;
}

std::string unsafe_relative_key_reason(std::string_view relative) {
  if (relative.empty()) return "names the folder itself, not a file in it";
  if (relative.find('\0') != std::string_view::npos) return "contains a NUL byte";
  if (relative.front() == '/') return "is absolute (starts with '/')";
  std::size_t start = 0;
  for (;;) {
    const auto slash = relative.find('/', start);
    const auto segment = relative.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment.empty()) return "has an empty path segment ('//' or a trailing '/')";
    if (segment == "..") return "has a '..' segment, which would leave the target folder";
    if (segment == ".") return "has a '.' segment";
    if (slash == std::string_view::npos) return {};
    start = slash + 1;
  }
}

std::filesystem::path download_path_in_folder(const std::filesystem::path& root, std::string_view last_dir,
                                              std::string_view relative, std::string_view full_key) {
  std::filesystem::path out = root;
  if (!last_dir.empty()) {
    if (auto reason = unsafe_relative_key_reason(last_dir); !reason.empty() || last_dir.find('/') != std::string_view::npos)
      refuse(full_key, "gives the folder name '" + printable(last_dir) + "', which " +
                           (reason.empty() ? std::string("holds a '/'") : reason));
    out /= std::string(last_dir);
  }
  if (auto reason = unsafe_relative_key_reason(relative); !reason.empty()) refuse(full_key, reason);
  out /= std::string(relative);
  return out;
}

std::filesystem::path download_path_for_file(const std::filesystem::path& local, std::string_view key) {
  std::error_code ec;
  if (!names_folder(local) && !std::filesystem::is_directory(local, ec)) return local;
  if (!key.empty() && key.back() == '/') refuse(key, "names a folder, not an object");
  const auto name = last_key_component(key);
  if (auto reason = unsafe_relative_key_reason(name); !reason.empty()) refuse(key, reason);
  return local / name;
}

bool names_folder(const std::filesystem::path& path) {
  const auto& s = path.native();
  return s.empty() || s.back() == '/';
}

} // namespace modelarts::obs::transfer
