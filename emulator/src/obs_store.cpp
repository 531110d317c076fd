#include "obs_store.hpp"

#include "auth/crypto.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace modelarts::emulator {

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  auth::random_bytes(raw.data(), raw.size());
  return auth::hex_lower(raw);
}

/// OBS's form: 32 upper-case hex digits starting with the time in ms, so
/// that ids sort by initiation.
std::string new_upload_id(obs_clock::time_point now) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  char head[17];
  std::snprintf(head, sizeof head, "%012llX", static_cast<unsigned long long>(ms) & 0xFFFFFFFFFFFFULL);
  std::string id = std::string(head) + random_hex(10);
  std::transform(id.begin(), id.end(), id.begin(),
                 [](char c) { return c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c; });
  return id;
}

/// Upload ids name folders: only what new_upload_id makes is accepted.
bool is_upload_id(std::string_view id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
         });
}

std::int64_t to_ms(obs_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

obs_clock::time_point from_ms(std::int64_t ms) {
  return obs_clock::time_point(std::chrono::duration_cast<obs_clock::duration>(std::chrono::milliseconds(ms)));
}

std::string normalized_etag(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  std::string out(etag);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

std::string hex_decode(std::string_view hex) {
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    const int hi = nibble(hex[i]);
    const int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) throw std::invalid_argument("not hex");
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

/// The first string after every string that starts with `s`; empty when
/// there is none (s is all 0xFF bytes).
std::string successor(std::string s) {
  while (!s.empty() && static_cast<unsigned char>(s.back()) == 0xFF) s.pop_back();
  if (!s.empty()) s.back() = static_cast<char>(static_cast<unsigned char>(s.back()) + 1);
  return s;
}

json::array pairs_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
  json::array out;
  for (const auto& [name, value] : pairs) out.push_back(json::array{json::string(name), json::string(value)});
  return out;
}

std::vector<std::pair<std::string, std::string>> pairs_from(const json::value* v) {
  std::vector<std::pair<std::string, std::string>> out;
  if (v == nullptr || !v->is_array()) return out;
  for (const auto& item : v->as_array()) {
    const auto& pair = item.as_array();
    out.emplace_back(std::string(pair.at(0).as_string()), std::string(pair.at(1).as_string()));
  }
  return out;
}

json::object attributes_json(const object_attributes& a) {
  return {{"content_type", a.content_type},
          {"metadata", pairs_json(a.metadata)},
          {"content_headers", pairs_json(a.content_headers)}};
}

object_attributes attributes_from(const json::object& o) {
  object_attributes a;
  a.content_type = std::string(o.at("content_type").as_string());
  a.metadata = pairs_from(o.if_contains("metadata"));
  a.content_headers = pairs_from(o.if_contains("content_headers"));
  return a;
}

json::object read_json(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  json::parse_options opts;
  opts.allow_invalid_utf8 = true; // keys and header values are bytes
  return json::parse(text.str(), {}, opts).as_object();
}

/// Through tmp/ and a rename: a reader (or a restart) sees the old file or
/// the new one, never half of it.
void write_file_atomically(const fs::path& path, std::string_view content, const fs::path& tmp) {
  staged_file f(tmp);
  f.write(content);
  f.close();
  fs::rename(f.path(), path);
  f.release();
}

fs::path sidecar_path(const fs::path& bucket_folder, std::string_view key) {
  return bucket_folder / "objects" / (auth::sha256_hex(key) + ".json");
}

} // namespace

// ---- staged_file / stored_file ------------------------------------------------

staged_file::staged_file(const fs::path& folder) : path_(folder / ("body-" + random_hex(12))) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    const int error = errno;
    path_.clear();
    throw std::system_error(error, std::generic_category(), "cannot create a file under tmp/");
  }
}

staged_file::staged_file(staged_file&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), size_(other.size_) {
  other.path_.clear();
}

staged_file::~staged_file() {
  if (fd_ >= 0) ::close(fd_);
  if (!path_.empty()) {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
}

void staged_file::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "write under tmp/");
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
    size_ += static_cast<std::uint64_t>(n);
  }
}

void staged_file::close() {
  if (fd_ >= 0 && ::close(std::exchange(fd_, -1)) != 0)
    throw std::system_error(errno, std::generic_category(), "close under tmp/");
}

stored_file::~stored_file() {
  if (retired_.load()) {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
}

// ---- obs_store ------------------------------------------------------------------

obs_store::obs_store(fs::path root) : root_(std::move(root)), tmp_(root_ / "tmp") {
  std::error_code ignored;
  fs::remove_all(tmp_, ignored); // bodies of requests that never completed
  fs::create_directories(tmp_);
  fs::create_directories(root_ / "buckets");
  load();
}

obs_store::~obs_store() = default;

staged_file obs_store::stage() const { return staged_file(tmp_); }

fs::path obs_store::bucket_folder(const std::string& name) const { return root_ / "buckets" / name; }

obs_store::bucket_state& obs_store::bucket_or_throw(const std::string& name) {
  const auto it = buckets_.find(name);
  if (it == buckets_.end())
    throw obs_failure("NoSuchBucket", "The specified bucket does not exist", {{"BucketName", name}});
  return it->second;
}

const obs_store::bucket_state& obs_store::bucket_or_throw(const std::string& name) const {
  return const_cast<obs_store*>(this)->bucket_or_throw(name);
}

void obs_store::require_bucket(const std::string& name) const {
  const std::lock_guard lock(mutex_);
  bucket_or_throw(name);
}

obs_store::upload_state& obs_store::upload_or_throw(bucket_state& b, const std::string& upload_id,
                                                    const std::string& key) {
  const auto it = b.uploads.find(upload_id);
  if (it == b.uploads.end() || it->second.record.key != key)
    throw obs_failure("NoSuchUpload",
                      "The specified upload does not exist. The upload ID may be invalid, or the upload "
                      "may have been aborted or completed.",
                      {{"UploadId", upload_id}});
  return it->second;
}

bool obs_store::create_bucket(const std::string& name, const std::string& location, obs_clock::time_point now) {
  const std::lock_guard lock(mutex_);
  if (buckets_.contains(name)) return false;
  const auto folder = bucket_folder(name);
  for (const char* sub : {"objects", "data", "uploads"}) fs::create_directories(folder / sub);
  const json::object meta{{"location", location}, {"created_ms", to_ms(now)}};
  write_file_atomically(folder / "bucket.json", json::serialize(meta), tmp_);
  buckets_[name].record = {name, location, now};
  return true;
}

void obs_store::delete_bucket(const std::string& name) {
  const std::lock_guard lock(mutex_);
  auto& b = bucket_or_throw(name);
  if (!b.objects.empty() || !b.uploads.empty())
    throw obs_failure("BucketNotEmpty", "The bucket you tried to delete is not empty", {{"BucketName", name}});
  // bucket.json first: a crash half-way leaves no bucket to reload.
  std::error_code ignored;
  fs::remove(bucket_folder(name) / "bucket.json", ignored);
  fs::remove_all(bucket_folder(name), ignored);
  buckets_.erase(name);
}

std::optional<bucket_record> obs_store::bucket(const std::string& name) const {
  const std::lock_guard lock(mutex_);
  const auto it = buckets_.find(name);
  if (it == buckets_.end()) return std::nullopt;
  return it->second.record;
}

std::vector<bucket_record> obs_store::buckets() const {
  const std::lock_guard lock(mutex_);
  std::vector<bucket_record> out;
  for (const auto& [name, b] : buckets_) out.push_back(b.record);
  return out;
}

object_record& obs_store::store_object(bucket_state& b, object_record record, std::vector<object_piece>& released) {
  json::array pieces;
  for (const auto& p : record.pieces)
    pieces.push_back(json::array{json::string(p.file->path().filename().string()), p.size});
  const json::object sidecar{{"key", record.key},
                             {"size", record.size},
                             {"etag", record.etag},
                             {"last_modified_ms", to_ms(record.last_modified)},
                             {"attributes", attributes_json(record.attributes)},
                             {"pieces", std::move(pieces)}};
  write_file_atomically(sidecar_path(bucket_folder(b.record.name), record.key), json::serialize(sidecar), tmp_);
  auto [it, inserted] = b.objects.try_emplace(record.key);
  if (!inserted) {
    for (auto& p : it->second.pieces) p.file->retire();
    released = std::move(it->second.pieces);
  }
  it->second = std::move(record);
  return it->second;
}

object_record obs_store::put_object(const std::string& bucket, const std::string& key, staged_file body,
                                    const std::string& md5_hex, object_attributes attributes,
                                    obs_clock::time_point now) {
  body.close();
  std::vector<object_piece> released; // removed from disk after the lock is let go
  const std::lock_guard lock(mutex_);
  auto& b = bucket_or_throw(bucket);
  const auto destination = bucket_folder(bucket) / "data" / random_hex(16);
  fs::rename(body.path(), destination);
  body.release();
  auto file = std::make_shared<stored_file>(destination);
  object_record record{key, body.size(), md5_hex, now, std::move(attributes), {{file, body.size()}}};
  try {
    return store_object(b, std::move(record), released);
  } catch (...) {
    file->retire();
    throw;
  }
}

object_record obs_store::object(const std::string& bucket, const std::string& key) const {
  const std::lock_guard lock(mutex_);
  const auto& b = bucket_or_throw(bucket);
  const auto it = b.objects.find(key);
  if (it == b.objects.end())
    throw obs_failure("NoSuchKey", "The specified key does not exist.", {{"Key", key}});
  return it->second;
}

bool obs_store::delete_object(const std::string& bucket, const std::string& key) {
  std::vector<object_piece> released; // removed from disk after the lock is let go
  const std::lock_guard lock(mutex_);
  auto& b = bucket_or_throw(bucket);
  const auto it = b.objects.find(key);
  if (it == b.objects.end()) return false;
  std::error_code ignored;
  fs::remove(sidecar_path(bucket_folder(bucket), key), ignored);
  for (auto& p : it->second.pieces) p.file->retire();
  released = std::move(it->second.pieces);
  b.objects.erase(it);
  return true;
}

object_record obs_store::copy_object(const std::string& source_bucket, const std::string& source_key,
                                     const std::string& bucket, const std::string& key,
                                     std::optional<object_attributes> replace, obs_clock::time_point now) {
  object_record source = object(source_bucket, source_key);
  require_bucket(bucket);
  // Linked (or copied) without the lock: `source` holds its files, so they
  // stay readable even if the source is deleted meanwhile.
  std::vector<object_piece> pieces;
  const auto retire_all = [&] {
    for (auto& p : pieces) p.file->retire();
  };
  try {
    for (const auto& p : source.pieces) {
      const auto destination = bucket_folder(bucket) / "data" / random_hex(16);
      std::error_code link_error;
      fs::create_hard_link(p.file->path(), destination, link_error);
      if (link_error) {
        staged_file copy = stage();
        copy.close();
        fs::copy_file(p.file->path(), copy.path(), fs::copy_options::overwrite_existing);
        fs::rename(copy.path(), destination);
        copy.release();
      }
      pieces.push_back({std::make_shared<stored_file>(destination), p.size});
    }
  } catch (...) {
    retire_all();
    throw;
  }
  object_record record{key, source.size, source.etag, now,
                       replace ? std::move(*replace) : std::move(source.attributes), pieces};
  std::vector<object_piece> released; // removed from disk after the lock is let go
  const std::lock_guard lock(mutex_);
  try {
    return store_object(bucket_or_throw(bucket), std::move(record), released);
  } catch (...) {
    retire_all();
    throw;
  }
}

list_result obs_store::list_objects(const std::string& bucket, const list_request& request) const {
  const std::lock_guard lock(mutex_);
  const auto& objects = bucket_or_throw(bucket).objects;
  list_result out;
  if (request.max_keys == 0) return out;
  auto it = request.after.empty() ? objects.lower_bound(request.prefix) : objects.upper_bound(request.after);
  if (it != objects.end() && it->first < request.prefix) it = objects.lower_bound(request.prefix);
  unsigned count = 0;
  while (it != objects.end() && it->first.starts_with(request.prefix)) {
    const std::string& key = it->first;
    if (!request.delimiter.empty()) {
      const auto at = key.find(request.delimiter, request.prefix.size());
      if (at != std::string::npos) {
        const std::string common = key.substr(0, at + request.delimiter.size());
        // A common prefix at or before the marker was returned by an earlier page.
        if (common > request.after) {
          if (count == request.max_keys) {
            out.truncated = true;
            break;
          }
          out.common_prefixes.push_back(common);
          out.last = common;
          ++count;
        }
        const auto next = successor(common);
        it = next.empty() ? objects.end() : objects.lower_bound(next);
        continue;
      }
    }
    if (count == request.max_keys) {
      out.truncated = true;
      break;
    }
    object_record summary = it->second;
    summary.pieces.clear();
    out.objects.push_back(std::move(summary));
    out.last = key;
    ++count;
    ++it;
  }
  return out;
}

upload_record obs_store::initiate_upload(const std::string& bucket, const std::string& key,
                                         object_attributes attributes, obs_clock::time_point now) {
  const std::lock_guard lock(mutex_);
  auto& b = bucket_or_throw(bucket);
  upload_record record{new_upload_id(now), key, now, std::move(attributes)};
  const auto folder = bucket_folder(bucket) / "uploads" / record.upload_id;
  fs::create_directories(folder);
  const json::object meta{{"key", record.key},
                          {"initiated_ms", to_ms(now)},
                          {"attributes", attributes_json(record.attributes)}};
  write_file_atomically(folder / "upload.json", json::serialize(meta), tmp_);
  b.uploads[record.upload_id].record = record;
  return record;
}

part_record obs_store::put_part(const std::string& bucket, const std::string& upload_id, const std::string& key,
                                unsigned part_number, staged_file body, const std::string& md5_hex,
                                obs_clock::time_point now) {
  body.close();
  const std::lock_guard lock(mutex_);
  auto& b = bucket_or_throw(bucket);
  auto& upload = upload_or_throw(b, upload_id, key);
  const auto folder = bucket_folder(bucket) / "uploads" / upload_id;
  const auto destination = folder / (std::to_string(part_number) + ".part");
  part_record record{part_number, md5_hex, body.size(), now};
  // The record first: a part file without one is ignored on reload.
  const json::object meta{{"etag", record.etag}, {"size", record.size}, {"last_modified_ms", to_ms(now)}};
  write_file_atomically(folder / (std::to_string(part_number) + ".json"), json::serialize(meta), tmp_);
  fs::rename(body.path(), destination);
  body.release();
  upload.parts[part_number] = {record, destination};
  return record;
}

void obs_store::require_upload(const std::string& bucket, const std::string& upload_id,
                               const std::string& key) const {
  const std::lock_guard lock(mutex_);
  upload_or_throw(const_cast<obs_store*>(this)->bucket_or_throw(bucket), upload_id, key);
}

parts_result obs_store::list_parts(const std::string& bucket, const std::string& upload_id,
                                   const std::string& key, unsigned after, unsigned max_parts) const {
  const std::lock_guard lock(mutex_);
  // The lookups are shared with the writers; nothing is changed here.
  auto& b = const_cast<obs_store*>(this)->bucket_or_throw(bucket);
  const auto& upload = upload_or_throw(b, upload_id, key);
  parts_result out;
  out.upload = upload.record;
  for (auto it = upload.parts.upper_bound(after); it != upload.parts.end(); ++it) {
    if (out.parts.size() == max_parts) {
      out.truncated = true;
      break;
    }
    out.parts.push_back(it->second.record);
  }
  return out;
}

object_record obs_store::complete_upload(const std::string& bucket, const std::string& upload_id,
                                         const std::string& key,
                                         const std::vector<std::pair<unsigned, std::string>>& chosen,
                                         std::uint64_t min_part_size, obs_clock::time_point now) {
  std::vector<object_piece> released; // removed from disk after the lock is let go
  const std::lock_guard lock(mutex_);
  auto& b = bucket_or_throw(bucket);
  auto& upload = upload_or_throw(b, upload_id, key);
  if (chosen.empty())
    throw obs_failure("MalformedXML", "The XML you provided was not well-formed or did not validate "
                                      "against our published schema");
  std::vector<const part_state*> parts;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const auto& [number, etag] = chosen[i];
    if (i > 0 && number <= chosen[i - 1].first)
      throw obs_failure("InvalidPartOrder", "The list of parts was not in ascending order. The parts list "
                                            "must be specified in order by part number.");
    const auto it = upload.parts.find(number);
    if (it == upload.parts.end() || normalized_etag(etag) != it->second.record.etag)
      throw obs_failure("InvalidPart",
                        "One or more of the specified parts could not be found. The part may not have been "
                        "uploaded, or the specified entity tag may not match the part's entity tag.",
                        {{"PartNumber", std::to_string(number)}, {"ETag", std::string(etag)}});
    parts.push_back(&it->second);
  }
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i]->record.size < min_part_size)
      throw obs_failure("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.",
                        {{"ProposedSize", std::to_string(parts[i]->record.size)},
                         {"MinSizeAllowed", std::to_string(min_part_size)},
                         {"PartNumber", std::to_string(parts[i]->record.number)},
                         {"ETag", parts[i]->record.etag}});
  }
  // S3's multipart ETag: the MD5 of the parts' binary MD5s, and their count.
  std::string md5s;
  std::uint64_t size = 0;
  for (const auto* p : parts) {
    md5s += hex_decode(p->record.etag);
    size += p->record.size;
  }
  object_record record{key, size, auth::hex_lower(auth::md5(md5s)) + "-" + std::to_string(parts.size()), now,
                       upload.record.attributes, {}};
  // Parts become the object's files by rename: nothing is copied.
  try {
    for (const auto* p : parts) {
      const auto destination = bucket_folder(bucket) / "data" / random_hex(16);
      fs::rename(p->file, destination);
      record.pieces.push_back({std::make_shared<stored_file>(destination), p->record.size});
    }
    store_object(b, record, released);
  } catch (...) {
    for (auto& p : record.pieces) p.file->retire();
    throw;
  }
  std::error_code ignored;
  fs::remove_all(bucket_folder(bucket) / "uploads" / upload_id, ignored);
  b.uploads.erase(upload_id);
  record.pieces.clear();
  return record;
}

void obs_store::abort_upload(const std::string& bucket, const std::string& upload_id, const std::string& key) {
  const std::lock_guard lock(mutex_);
  auto& b = bucket_or_throw(bucket);
  upload_or_throw(b, upload_id, key);
  std::error_code ignored;
  fs::remove_all(bucket_folder(bucket) / "uploads" / upload_id, ignored);
  b.uploads.erase(upload_id);
}

uploads_result obs_store::list_uploads(const std::string& bucket, const uploads_request& request) const {
  const std::lock_guard lock(mutex_);
  const auto& b = bucket_or_throw(bucket);
  std::vector<const upload_record*> sorted;
  for (const auto& [id, u] : b.uploads) sorted.push_back(&u.record);
  std::sort(sorted.begin(), sorted.end(), [](const auto* x, const auto* y) {
    return x->key != y->key ? x->key < y->key : x->upload_id < y->upload_id;
  });
  uploads_result out;
  unsigned count = 0;
  for (const auto* u : sorted) {
    if (!u->key.starts_with(request.prefix)) continue;
    if (!request.key_marker.empty()) {
      const bool after_marker = u->key > request.key_marker ||
                                (u->key == request.key_marker && !request.upload_id_marker.empty() &&
                                 u->upload_id > request.upload_id_marker);
      if (!after_marker) continue;
    }
    if (!request.delimiter.empty()) {
      const auto at = u->key.find(request.delimiter, request.prefix.size());
      if (at != std::string::npos) {
        const auto common = u->key.substr(0, at + request.delimiter.size());
        if (!out.common_prefixes.empty() && out.common_prefixes.back() == common) continue;
        if (count == request.max_uploads) {
          out.truncated = true;
          break;
        }
        out.common_prefixes.push_back(common);
        out.next_key_marker = common;
        out.next_upload_id_marker.clear();
        ++count;
        continue;
      }
    }
    if (count == request.max_uploads) {
      out.truncated = true;
      break;
    }
    out.uploads.push_back(*u);
    out.next_key_marker = u->key;
    out.next_upload_id_marker = u->upload_id;
    ++count;
  }
  return out;
}

// ---- reload ---------------------------------------------------------------------

void obs_store::load() {
  for (const auto& entry : fs::directory_iterator(root_ / "buckets")) {
    const auto name = entry.path().filename().string();
    const auto folder = entry.path();
    if (!entry.is_directory() || !fs::exists(folder / "bucket.json")) continue;
    try {
      bucket_state b;
      const auto meta = read_json(folder / "bucket.json");
      b.record = {name, std::string(meta.at("location").as_string()), from_ms(meta.at("created_ms").as_int64())};
      for (const char* sub : {"objects", "data", "uploads"}) fs::create_directories(folder / sub);

      std::set<std::string> referenced;
      for (const auto& sidecar : fs::directory_iterator(folder / "objects")) {
        if (sidecar.path().extension() != ".json") continue;
        const auto o = read_json(sidecar.path());
        object_record record;
        record.key = std::string(o.at("key").as_string());
        record.size = o.at("size").to_number<std::uint64_t>();
        record.etag = std::string(o.at("etag").as_string());
        record.last_modified = from_ms(o.at("last_modified_ms").as_int64());
        record.attributes = attributes_from(o.at("attributes").as_object());
        bool complete = true;
        for (const auto& p : o.at("pieces").as_array()) {
          const std::string file(p.as_array().at(0).as_string());
          const auto path = folder / "data" / file;
          if (file.find('/') != std::string::npos || !fs::exists(path)) complete = false;
          referenced.insert(file);
          record.pieces.push_back({std::make_shared<stored_file>(path), p.as_array().at(1).to_number<std::uint64_t>()});
        }
        if (complete) b.objects[record.key] = std::move(record);
      }
      // Data no sidecar names: left by a crash between the two renames.
      for (const auto& data : fs::directory_iterator(folder / "data")) {
        if (!referenced.contains(data.path().filename().string())) {
          std::error_code ignored;
          fs::remove(data.path(), ignored);
        }
      }

      for (const auto& up : fs::directory_iterator(folder / "uploads")) {
        const auto id = up.path().filename().string();
        if (!is_upload_id(id) || !fs::exists(up.path() / "upload.json")) continue;
        const auto u = read_json(up.path() / "upload.json");
        upload_state state;
        state.record = {id, std::string(u.at("key").as_string()), from_ms(u.at("initiated_ms").as_int64()),
                        attributes_from(u.at("attributes").as_object())};
        for (const auto& part : fs::directory_iterator(up.path())) {
          if (part.path().extension() != ".part") continue;
          const auto number = static_cast<unsigned>(std::stoul(part.path().stem().string()));
          const auto record_path = up.path() / (part.path().stem().string() + ".json");
          if (!fs::exists(record_path)) continue;
          const auto p = read_json(record_path);
          state.parts[number] = {{number, std::string(p.at("etag").as_string()), p.at("size").to_number<std::uint64_t>(),
                                  from_ms(p.at("last_modified_ms").as_int64())},
                                 part.path()};
        }
        b.uploads[id] = std::move(state);
      }
      buckets_[name] = std::move(b);
    } catch (const std::exception&) {
      // A folder that is not (or no longer) a readable bucket is left alone.
    }
  }
}

} // namespace modelarts::emulator
