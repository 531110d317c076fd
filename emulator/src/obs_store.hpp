// OBS buckets, objects and multipart uploads on disk, under <data_dir>/obs/:
//
//   tmp/                                   bodies being received; a request that
//                                          does not complete leaves nothing
//   buckets/<bucket>/bucket.json           location, creation date
//   buckets/<bucket>/objects/<h>.json      an object's sidecar: key, size, ETag,
//                                          content type, metadata, data files
//                                          (<h> = SHA-256 of the key, so no key
//                                          can name a path: `../x` is just a hash)
//   buckets/<bucket>/data/<id>             object bytes: one file, or one per part
//                                          of a completed multipart upload (so
//                                          completing moves files, copies nothing)
//   buckets/<bucket>/uploads/<upload id>/  upload.json, <n>.part and <n>.json
//
// Files are written under tmp/ and renamed into place, so an object is
// replaced whole or not at all. An index of the metadata is kept in memory
// (loaded at start, so objects survive a restart) and guarded by one mutex;
// data never is. A data file being sent stays readable when its object is
// replaced or deleted meanwhile, and is removed once the answer is done.
#pragma once

#include "obs_answer.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace modelarts::emulator {

using obs_clock = std::chrono::system_clock;

/// A file being received under tmp/, removed on destruction unless the
/// store took it. write() may run on any one thread at a time.
class staged_file {
public:
  /// Creates an empty file with a unique name in `folder`. Throws
  /// std::system_error when it cannot.
  explicit staged_file(const std::filesystem::path& folder);
  ~staged_file();
  staged_file(staged_file&& other) noexcept;
  staged_file& operator=(staged_file&&) = delete;
  staged_file(const staged_file&) = delete;

  void write(std::string_view bytes);
  /// Closes the file; what the store calls before moving it into place.
  void close();
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::uint64_t size() const { return size_; }
  /// The store moved the file: nothing to remove any more.
  void release() { path_.clear(); }

private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

/// A data file of an object. Removed from disk when the last holder (the
/// index, or an answer being sent) lets go of it after it was retired.
class stored_file {
public:
  explicit stored_file(std::filesystem::path path) : path_(std::move(path)) {}
  ~stored_file();
  stored_file(const stored_file&) = delete;
  stored_file& operator=(const stored_file&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  /// Its object is gone: remove the file once nobody holds it.
  void retire() { retired_.store(true); }

private:
  std::filesystem::path path_;
  std::atomic<bool> retired_{false};
};

/// What a PUT (or an initiate) sets and GET/HEAD replay.
struct object_attributes {
  std::string content_type;
  /// User metadata: lower-case names without the x-obs-meta- prefix.
  std::vector<std::pair<std::string, std::string>> metadata;
  /// Cache-Control, Content-Disposition, Content-Encoding,
  /// Content-Language, Expires, as given.
  std::vector<std::pair<std::string, std::string>> content_headers;
};

struct object_piece {
  std::shared_ptr<stored_file> file;
  std::uint64_t size = 0;
};

struct object_record {
  std::string key;
  std::uint64_t size = 0;
  std::string etag; ///< without quotes: hex MD5, or hex MD5 of the part MD5s + "-N"
  obs_clock::time_point last_modified;
  object_attributes attributes;
  std::vector<object_piece> pieces; ///< the bytes, in order
};

struct bucket_record {
  std::string name;
  std::string location;
  obs_clock::time_point created;
};

struct list_request {
  std::string prefix;
  std::string delimiter;
  std::string after; ///< exclusive start (marker, start-after, continuation)
  unsigned max_keys = 1000;
};

struct list_result {
  std::vector<object_record> objects; ///< without pieces
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string last; ///< the last key or common prefix returned
};

struct part_record {
  unsigned number = 0;
  std::string etag; ///< hex MD5 of the part
  std::uint64_t size = 0;
  obs_clock::time_point last_modified;
};

struct upload_record {
  std::string upload_id;
  std::string key;
  obs_clock::time_point initiated;
  object_attributes attributes;
};

struct uploads_request {
  std::string prefix;
  std::string delimiter;
  std::string key_marker;
  std::string upload_id_marker;
  unsigned max_uploads = 1000;
};

struct uploads_result {
  std::vector<upload_record> uploads;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string next_key_marker;
  std::string next_upload_id_marker;
};

struct parts_result {
  upload_record upload;
  std::vector<part_record> parts;
  bool truncated = false;
};

/// Every method is safe to call from several threads at once. Failures a
/// client should see are thrown as obs_failure (NoSuchBucket, NoSuchKey,
/// NoSuchUpload, BucketNotEmpty, InvalidPart, InvalidPartOrder,
/// EntityTooSmall...).
class obs_store {
public:
  /// Uses (and creates) `root`; loads the buckets, objects and uploads found
  /// there and empties its tmp/ folder.
  explicit obs_store(std::filesystem::path root);
  ~obs_store();
  obs_store(const obs_store&) = delete;
  obs_store& operator=(const obs_store&) = delete;

  /// A new file under tmp/ for a body being received.
  [[nodiscard]] staged_file stage() const;

  // ---- buckets ---------------------------------------------------------------
  /// False when the bucket exists already.
  bool create_bucket(const std::string& name, const std::string& location, obs_clock::time_point now);
  void delete_bucket(const std::string& name);
  [[nodiscard]] std::optional<bucket_record> bucket(const std::string& name) const;
  [[nodiscard]] std::vector<bucket_record> buckets() const;
  /// Throws NoSuchBucket unless the bucket exists.
  void require_bucket(const std::string& name) const;

  // ---- objects ---------------------------------------------------------------
  /// Moves `body` into place as the object (replacing any); `md5_hex` is its ETag.
  object_record put_object(const std::string& bucket, const std::string& key, staged_file body,
                           const std::string& md5_hex, object_attributes attributes, obs_clock::time_point now);
  /// Throws NoSuchBucket or NoSuchKey.
  [[nodiscard]] object_record object(const std::string& bucket, const std::string& key) const;
  /// True when there was such an object.
  bool delete_object(const std::string& bucket, const std::string& key);
  /// Shares the source's bytes (hard links where the file system allows,
  /// else a copy); keeps its attributes unless `replace` is given.
  object_record copy_object(const std::string& source_bucket, const std::string& source_key,
                            const std::string& bucket, const std::string& key,
                            std::optional<object_attributes> replace, obs_clock::time_point now);
  [[nodiscard]] list_result list_objects(const std::string& bucket, const list_request& request) const;

  // ---- multipart uploads -----------------------------------------------------
  upload_record initiate_upload(const std::string& bucket, const std::string& key,
                                object_attributes attributes, obs_clock::time_point now);
  /// Replaces a part of the same number. Throws NoSuchUpload when the upload
  /// is not (or no longer) there, or is for another key.
  part_record put_part(const std::string& bucket, const std::string& upload_id, const std::string& key,
                       unsigned part_number, staged_file body, const std::string& md5_hex,
                       obs_clock::time_point now);
  /// Throws NoSuchBucket or NoSuchUpload unless the upload is there for `key`.
  void require_upload(const std::string& bucket, const std::string& upload_id, const std::string& key) const;
  /// Parts numbered above `after`, at most `max_parts`.
  [[nodiscard]] parts_result list_parts(const std::string& bucket, const std::string& upload_id,
                                        const std::string& key, unsigned after, unsigned max_parts) const;
  /// `chosen`: (part number, ETag) as the client listed them. Checks them
  /// (InvalidPartOrder, InvalidPart, EntityTooSmall below `min_part_size`
  /// for all parts but the last), then makes the object of those parts.
  object_record complete_upload(const std::string& bucket, const std::string& upload_id,
                                const std::string& key, const std::vector<std::pair<unsigned, std::string>>& chosen,
                                std::uint64_t min_part_size, obs_clock::time_point now);
  void abort_upload(const std::string& bucket, const std::string& upload_id, const std::string& key);
  [[nodiscard]] uploads_result list_uploads(const std::string& bucket, const uploads_request& request) const;

private:
  struct part_state {
    part_record record;
    std::filesystem::path file;
  };
  struct upload_state {
    upload_record record;
    std::map<unsigned, part_state> parts;
  };
  struct bucket_state {
    bucket_record record;
    std::map<std::string, object_record, std::less<>> objects;
    std::map<std::string, upload_state, std::less<>> uploads;
  };

  bucket_state& bucket_or_throw(const std::string& name);
  const bucket_state& bucket_or_throw(const std::string& name) const;
  static upload_state& upload_or_throw(bucket_state& b, const std::string& upload_id, const std::string& key);
  [[nodiscard]] std::filesystem::path bucket_folder(const std::string& name) const;
  /// Writes the sidecar and replaces the index entry, retiring the old files
  /// into `released` (dropped by the caller after the lock: removing a large
  /// file takes a while).
  object_record& store_object(bucket_state& b, object_record record, std::vector<object_piece>& released);
  void load();

  std::filesystem::path root_;
  std::filesystem::path tmp_;
  mutable std::mutex mutex_;
  std::map<std::string, bucket_state, std::less<>> buckets_;
};

} // namespace modelarts::emulator
