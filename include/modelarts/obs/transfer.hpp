// Parallel, resumable transfers between local files and OBS: files and
// folders, uploads, downloads and copies, with the path semantics of the
// ModelArts SDK's `session.obs.*` calls and without their 5 GB limits.
//
//   modelarts::obs_transfer transfer(client, {.concurrency = 8});
//   co_await transfer.upload_file("/data/model.bin", "obs://bucket/models/");   // → models/model.bin
//   co_await transfer.upload_folder("/home/ma-user", "obs://bucket/dir1/");    // → dir1/ma-user/...
//   co_await transfer.download_folder("obs://bucket/dir1/", "/home/ma-user/"); // → /home/ma-user/dir1/...
//
// How a file travels:
// - Upload: at most `multipart_threshold` bytes go in one PUT; larger files in
//   a multipart upload whose parts are read from disk by offset into memory
//   (one read, the MD5 computed on that buffer off the network thread), sent
//   with Content-MD5, their ETags checked, then completed with the part list.
//   When an upload fails or is cancelled, the multipart upload is aborted, so
//   no billed fragments remain, unless it is kept for a resume
//   (`checkpoint_dir` or `keep_incomplete_upload`).
// - Download: ranged GETs in parallel, each sent with `If-Match: <ETag>`,
//   written by offset into a temporary file next to the target, the size and
//   ETag verified, then renamed over the target. Nothing half-written ever
//   carries the final name.
// - Folders: every file goes through one scheduler that bounds the requests
//   and the bytes in flight across all files and serves files in turn, so a
//   large file does not hold back small ones. A failure is recorded in the
//   result and the other files go on.
//
// Memory: bytes in flight ≤ max_bytes_in_flight (default concurrency × part
// size); a part is read only once a buffer is granted, never ahead.
//
// Resume: with `checkpoint_dir`, an interrupted transfer (failure,
// cancellation, or a killed process) continues when the same call is made
// again. Uploads trust the service's ListParts over the local record and send
// only the parts it lacks; downloads continue with `If-Match`, so an object
// that changed in between fails with errc::object_changed (and the partial
// file is removed) instead of producing a mix of two versions.
//
// Cancellation: through the awaiting coroutine's cancellation slot (e.g.
// `co_spawn(..., bind_cancellation_slot(signal.slot(), ...))`). The call ends
// with system_error(operation_aborted) once in-flight requests are stopped,
// incomplete multipart uploads aborted (unless kept for resume) and temporary
// files removed (unless kept for resume); no final name is ever half-written.
#pragma once

#include <modelarts/obs/obs_types.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace modelarts {

class client;

namespace obs {

/// Where a transfer stands. Delivered on the transfer's strand; cheap to
/// build (no allocation), so it is sent for every buffer received and every
/// part sent.
struct transfer_progress {
  std::uint64_t bytes_done = 0;  ///< including bytes a resume found already transferred
  std::uint64_t bytes_total = 0;
  std::uint64_t parts_done = 0;  ///< a file sent or fetched in one request counts as one part
  std::uint64_t parts_total = 0;
  std::size_t files_done = 0;    ///< finished, successfully or not
  std::size_t files_failed = 0;
  std::size_t files_total = 0;
  double bytes_per_second = 0;   ///< over the last two seconds or so
};

/// Must not throw (an exception it throws is ignored) and should return quickly.
using progress_callback = std::function<void(const transfer_progress&)>;

struct transfer_options {
  /// Bytes per part (uploads) or per ranged GET (downloads). 0: 8 MiB, or
  /// larger for a file that would otherwise need more than 10,000 parts. A
  /// size given here is kept unless the file would need more than 10,000
  /// parts; it is then raised to the smallest size that fits.
  std::uint64_t part_size = 0;
  /// Files up to this size travel in one request. Also capped by the memory
  /// budget, since a single PUT holds the whole file in memory.
  std::uint64_t multipart_threshold = 8 * 1024 * 1024;
  /// Requests in flight at most, over every file of one obs_transfer.
  std::size_t concurrency = 8;
  /// Bytes held in part buffers at most. 0: concurrency × part size.
  std::uint64_t max_bytes_in_flight = 0;
  /// Where resume records are kept (created when missing). Empty: no resume;
  /// an interrupted transfer is cleaned up instead.
  std::filesystem::path checkpoint_dir;
  /// Leaves an incomplete multipart upload on the service after a failure or
  /// a cancellation even without a checkpoint (it is billed until aborted).
  bool keep_incomplete_upload = false;
  /// Content-MD5 on every upload request and the returned ETags checked;
  /// single-request downloads checked against an MD5 ETag.
  bool verify_md5 = true;
  /// Attempts per part in all, on top of the client's own retries: a
  /// download whose body broke off cannot be retried by the HTTP layer.
  unsigned part_attempts = 3;
  /// OBS → OBS copies of objects larger than this are multipart copies
  /// (UploadPartCopy, parts in parallel, aborted on failure); smaller ones
  /// are one CopyObject. 5 GiB, the service's single-copy limit, by default.
  std::uint64_t copy_multipart_threshold = 5ULL * 1024 * 1024 * 1024;
  /// Bytes per part of a multipart copy. 0: 1 GiB. Raised to fit 10,000
  /// parts. No bytes pass through this machine, so large parts cost nothing
  /// locally and save requests.
  std::uint64_t copy_part_size = 0;
  /// Threads that read, hash and write file data off the network thread.
  unsigned io_threads = 2;
  progress_callback on_progress;
};

/// One file that could not be transferred.
struct transfer_failure {
  std::string source;      ///< a local path or `obs://bucket/key`
  std::string destination; ///< the same, where it was going (may be empty when unknown)
  boost::system::error_code code; ///< errc::service_error for an api_error, errc::unsafe_object_key...
  std::string message;     ///< precise: the service's answer, the OS error, the refused key
};

struct transfer_result {
  std::size_t files_transferred = 0;
  /// Bytes sent or received by this call (retries not counted twice).
  std::uint64_t bytes_transferred = 0;
  /// Bytes a resume found already transferred.
  std::uint64_t bytes_resumed = 0;
  std::vector<transfer_failure> failures;

  [[nodiscard]] bool ok() const { return failures.empty(); }
};

} // namespace obs

namespace detail {
class transfer_engine;
}

/// Transfers through one client. Copies share one scheduler and one I/O
/// thread pool, so concurrent calls share the limits. Calls run on a strand
/// of the client's executor. The object may be destroyed while calls are
/// still running; they keep what they need alive.
///
/// Single-file calls throw the file's failure: api_error for a service
/// answer, system_error(errc::object_changed) when a resumed download meets
/// a changed object, std::filesystem::filesystem_error for a local file
/// problem, std::invalid_argument for a path that is not what the call takes.
/// Folder calls throw only for the folder itself (a local folder that does
/// not exist, a listing that fails, cancellation) and report each file's
/// failure in transfer_result::failures.
class obs_transfer {
public:
  explicit obs_transfer(const client& c, obs::transfer_options options = {});

  /// `destination` ending with '/' (or naming only the bucket) is a folder:
  /// the object is `<folder><file name>` (seed: upload_file into
  /// `obs://bucket/dir1/` gives `obs://bucket/dir1/file1.txt`). Otherwise it
  /// is the object's full name.
  [[nodiscard]] boost::asio::awaitable<obs::transfer_result> upload_file(std::filesystem::path local_file,
                                                                         std::string destination) const;

  /// Every regular file under `local_folder` to `<obs_folder>[<last component>/]<relative path>`;
  /// keep_last_dir (the seeds' behaviour) keeps the local folder's last
  /// component: /home/ma-user/ → obs://bucket/dir1/ma-user/. Empty folders
  /// are not created. `obs_folder` is a folder whether or not it ends with '/'.
  [[nodiscard]] boost::asio::awaitable<obs::transfer_result>
  upload_folder(std::filesystem::path local_folder, std::string obs_folder, bool keep_last_dir = true) const;

  /// `local` that ends with '/' or is an existing folder receives the object
  /// under its last key component (seed: download_file to /home/ma-user/ gives
  /// /home/ma-user/file1.txt); otherwise it is the file's full path. Missing
  /// parent folders are created.
  [[nodiscard]] boost::asio::awaitable<obs::transfer_result> download_file(std::string source,
                                                                           std::filesystem::path local) const;

  /// Every object under the prefix (a folder whether or not it ends with '/')
  /// to `<local_folder>/[<prefix's last component>/]<rest of the key>`; with
  /// keep_last_dir (the seeds' behaviour) obs://bucket/dir1/ → /home/ma-user/dir1/.
  /// Keys ending with '/' (folder markers) are skipped. A key that would
  /// leave the folder (`..` or `.` segments, a leading or doubled '/', NUL)
  /// is refused with errc::unsafe_object_key; the other files go on.
  [[nodiscard]] boost::asio::awaitable<obs::transfer_result>
  download_folder(std::string source, std::filesystem::path local_folder, bool keep_last_dir = true) const;

  /// `session.obs.copy`: the direction follows from which side starts with
  /// `obs://` (or `s3://`).
  /// - local file → OBS: as upload_file (a destination ending with '/' is a folder);
  /// - local folder → OBS: as upload_folder;
  /// - OBS → local: an existing object (key not ending with '/') as
  ///   download_file, anything else as download_folder;
  /// - OBS → OBS: server-side copies, one per object, with the same naming
  ///   rules: CopyObject up to `copy_multipart_threshold`, a multipart copy
  ///   (UploadPartCopy) above it, so objects beyond the service's 5 GB
  ///   single-copy limit copy too. A multipart copy keeps the source's
  ///   content type and user metadata, copies every part only from the
  ///   version it first saw (If-Match), and is aborted when it fails.
  /// Local → local throws std::invalid_argument.
  [[nodiscard]] boost::asio::awaitable<obs::transfer_result> copy(std::string source, std::string destination,
                                                                  bool keep_last_dir = true) const;

  [[nodiscard]] const obs::transfer_options& options() const;

private:
  std::shared_ptr<detail::transfer_engine> engine_;
};

} // namespace modelarts
