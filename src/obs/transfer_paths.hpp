// The seeds' path semantics (`session.obs.upload_file/upload_dir/
// download_file/download_dir/copy`), as pure functions from names to names,
// and the checks that keep object keys from escaping a download folder.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace modelarts::obs::transfer {

/// True for `obs://…` and `s3://…` (any case): the seeds' copy tells an OBS
/// path from a local one by this prefix alone (a local `/home/x` is local).
bool is_obs_url(std::string_view path);

/// `key` as a folder prefix: "" stays "" (the bucket), else it ends with '/'.
std::string as_folder_prefix(std::string key);

/// The last component of a key or prefix, trailing '/' ignored:
/// "dir1/sub/" → "sub", "a/b.txt" → "b.txt", "" → "".
std::string last_key_component(std::string_view key);

/// The last component of a local folder, trailing separators, `.` and `..`
/// resolved: "/home/ma-user/" → "ma-user"; "/" → "".
std::string last_local_component(const std::filesystem::path& folder);

/// upload_file: a destination key that is a folder ("" or ending with '/')
/// receives the file's name; any other key is the object's full name.
std::string upload_key_for_file(std::string_view destination_key, const std::filesystem::path& local_file);

/// upload_folder: `<prefix>[<last_dir>/]<relative path with '/'>`.
std::string upload_key_in_folder(std::string_view folder_prefix, std::string_view last_dir,
                                 const std::filesystem::path& relative);

/// Why `relative` (an object key with the folder prefix removed) cannot name
/// a file inside a folder, or "" when it can. Refused: NUL bytes, a leading
/// '/', empty segments ("a//b", which would also collide with "a/b"), and
/// "." or ".." segments.
std::string unsafe_relative_key_reason(std::string_view relative);

/// download_folder: `<root>/[<last_dir>/]<relative>`. Throws
/// system_error(errc::unsafe_object_key) naming the key when
/// unsafe_relative_key_reason() refuses `relative` or `last_dir`.
std::filesystem::path download_path_in_folder(const std::filesystem::path& root, std::string_view last_dir,
                                              std::string_view relative, std::string_view full_key);

/// download_file: `local` ending with '/' or naming an existing folder gets
/// the key's last component appended; anything else is the file's path.
/// Throws system_error(errc::unsafe_object_key) when that component is not a
/// safe file name.
std::filesystem::path download_path_for_file(const std::filesystem::path& local, std::string_view key);

/// True when `path` names a folder by its spelling: ends with '/' (or is empty).
bool names_folder(const std::filesystem::path& path);

} // namespace modelarts::obs::transfer
