// obs_transfer: each call turns its paths into a list of file jobs (the
// seeds' naming rules, transfer_paths) and runs them to the end
// (transfer_run). Everything runs on the engine's strand.
#include "modelarts/obs/transfer.hpp"

#include "client/client_core.hpp"
#include "modelarts/error.hpp"
#include "obs/obs_request.hpp"
#include "obs/obs_xml.hpp"
#include "obs/transfer_copy_job.hpp"
#include "obs/transfer_download.hpp"
#include "obs/transfer_engine.hpp"
#include "obs/transfer_paths.hpp"
#include "obs/transfer_requests.hpp"
#include "obs/transfer_run.hpp"
#include "obs/transfer_upload.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace modelarts {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
namespace xfer = obs::transfer;
using engine_ptr = std::shared_ptr<detail::transfer_engine>;
using result_type = obs::transfer_result;

obs::obs_path parse_obs(const std::string& url, const char* role) {
  try {
    return obs::obs_path::parse(url);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string(role) + " '" + url + "' is not an OBS path: " + e.what());
  }
}

/// Absolute and normal, without a trailing separator.
fs::path clean_absolute(const fs::path& p) {
  auto out = fs::absolute(p).lexically_normal();
  if (!out.has_filename() && out.has_relative_path()) out = out.parent_path();
  return out;
}

std::string obs_name(const std::string& bucket, const std::string& key) { return "obs://" + bucket + "/" + key; }

/// A folder's last key component as a local folder name, or a refusal.
std::string checked_last_dir(const obs::obs_path& folder, const std::string& prefix) {
  const auto last = prefix.empty() ? folder.bucket : xfer::last_key_component(prefix);
  if (const auto why = xfer::unsafe_relative_key_reason(last); !why.empty())
    throw boost::system::system_error(make_error_code(errc::unsafe_object_key),
                                      "the folder name '" + last + "' of " + folder.str() + " " + why);
  return last;
}

/// Every object under `prefix`, page after page (see folder_listing_request
/// for why the engine lists by itself).
asio::awaitable<std::vector<obs::object_summary>> list_folder(engine_ptr e, std::string bucket, std::string prefix) {
  std::vector<obs::object_summary> all;
  std::string marker;
  for (;;) {
    auto req = xfer::folder_listing_request(e->requests(), bucket, prefix, marker);
    const auto res = co_await e->core().execute_obs(std::move(req));
    auto page = obs::parse_list_objects(res.body);
    all.insert(all.end(), std::make_move_iterator(page.objects.begin()), std::make_move_iterator(page.objects.end()));
    if (!page.truncated) co_return all;
    if (page.next_marker <= marker)
      throw boost::system::system_error(make_error_code(errc::malformed_response),
                                        "list objects: the next marker does not advance");
    marker = std::move(page.next_marker);
  }
}

asio::awaitable<result_type> finish_single(xfer::transfer_run& run) {
  auto result = co_await run.finish();
  if (run.first_failure()) std::rethrow_exception(run.first_failure());
  co_return result;
}

// ---- uploads -----------------------------------------------------------------------

asio::awaitable<result_type> upload_file_op(engine_ptr e, fs::path local, std::string destination) {
  const auto dst = parse_obs(destination, "upload destination");
  const auto path = clean_absolute(local);
  auto inspect_source = [path] {
    if (!fs::is_regular_file(path))
      throw fs::filesystem_error("upload_file: not a regular file", path,
                                 std::make_error_code(fs::exists(path) ? std::errc::invalid_argument
                                                                       : std::errc::no_such_file_or_directory));
    return fs::file_size(path);
  };
  const auto size = co_await e->on_io_thread(std::move(inspect_source));
  xfer::upload_spec spec{path, size, dst.bucket, xfer::upload_key_for_file(dst.key, path)};
  obs::check_object_key(spec.key);
  xfer::transfer_run run(e);
  run.progress().add_totals(1, size);
  run.add(xfer::make_upload_job(run, std::move(spec)));
  co_return co_await finish_single(run);
}

struct local_file_entry {
  fs::path path;
  fs::path relative;
  std::uint64_t size = 0;
};
struct local_problem {
  fs::path path;
  std::exception_ptr error;
};
struct local_listing {
  std::vector<local_file_entry> files;
  std::vector<local_problem> problems;
};

/// Every regular file under `root`, in path order. Symbolic links to files
/// are followed; symbolic links to folders are not (no loops). What cannot
/// be read or is not a regular file (a FIFO, a socket, a dangling link) is
/// listed as a problem, and the walk goes on.
local_listing list_local_folder(const fs::path& root) {
  if (!fs::is_directory(root))
    throw fs::filesystem_error("upload_folder: not a folder", root, std::make_error_code(std::errc::not_a_directory));
  local_listing out;
  std::vector<fs::path> folders{root};
  while (!folders.empty()) {
    const auto folder = std::move(folders.back());
    folders.pop_back();
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      out.problems.push_back({folder, std::make_exception_ptr(fs::filesystem_error("cannot list", folder, ec))});
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      const auto& entry = *it;
      std::error_code sec;
      const auto status = entry.status(sec);
      if (sec) {
        out.problems.push_back({entry.path(), std::make_exception_ptr(fs::filesystem_error("cannot read", entry.path(), sec))});
        continue;
      }
      if (fs::is_directory(status)) {
        if (!entry.is_symlink(sec)) folders.push_back(entry.path());
        continue;
      }
      if (!fs::is_regular_file(status)) {
        out.problems.push_back({entry.path(), std::make_exception_ptr(fs::filesystem_error(
                                                  "not a regular file", entry.path(),
                                                  std::make_error_code(std::errc::invalid_argument)))});
        continue;
      }
      const auto size = fs::file_size(entry.path(), sec);
      if (sec) {
        out.problems.push_back({entry.path(), std::make_exception_ptr(fs::filesystem_error("cannot read", entry.path(), sec))});
        continue;
      }
      out.files.push_back({entry.path(), entry.path().lexically_relative(root), size});
    }
    if (ec)
      out.problems.push_back({folder, std::make_exception_ptr(fs::filesystem_error("cannot list", folder, ec))});
  }
  std::sort(out.files.begin(), out.files.end(),
            [](const auto& a, const auto& b) { return a.relative < b.relative; });
  return out;
}

asio::awaitable<result_type> upload_folder_op(engine_ptr e, fs::path local, std::string destination, bool keep_last_dir) {
  const auto dst = parse_obs(destination, "upload destination");
  const auto root = clean_absolute(local);
  const auto prefix = xfer::as_folder_prefix(dst.key);
  const auto last = keep_last_dir ? xfer::last_local_component(root) : std::string();
  auto walk_folder = [root] { return list_local_folder(root); };
  auto listing = co_await e->on_io_thread(std::move(walk_folder));

  xfer::transfer_run run(e);
  for (auto& p : listing.problems) {
    run.progress().add_totals(1, 0);
    run.add_failure(p.path.string(), {}, p.error);
  }
  for (auto& f : listing.files) {
    auto key = xfer::upload_key_in_folder(prefix, last, f.relative);
    try {
      obs::check_object_key(key); // e.g. longer than 1,024 bytes
    } catch (...) {
      run.progress().add_totals(1, 0);
      run.add_failure(f.path.string(), obs_name(dst.bucket, key), std::current_exception());
      continue;
    }
    run.progress().add_totals(1, f.size);
    run.add(xfer::make_upload_job(run, {std::move(f.path), f.size, dst.bucket, std::move(key)}));
  }
  co_return co_await run.finish();
}

// ---- downloads ---------------------------------------------------------------------

asio::awaitable<result_type> download_file_op(engine_ptr e, std::string source, fs::path local) {
  const auto src = parse_obs(source, "download source");
  if (src.is_folder())
    throw std::invalid_argument("download_file: '" + source + "' names a folder; use download_folder");
  // Keeps a trailing '/' (a folder by its spelling) for download_path_for_file.
  const auto target = xfer::download_path_for_file(fs::absolute(local), src.key).lexically_normal();
  xfer::transfer_run run(e);
  run.progress().add_totals(1, 0); // bytes are added once the object's size is known
  run.add(xfer::make_download_job(run, {src.bucket, src.key, std::nullopt, target, {}}));
  co_return co_await finish_single(run);
}

asio::awaitable<result_type> download_folder_op(engine_ptr e, std::string source, fs::path local, bool keep_last_dir) {
  const auto src = parse_obs(source, "download source");
  const auto prefix = xfer::as_folder_prefix(src.key);
  const auto last = keep_last_dir ? checked_last_dir(src, prefix) : std::string();
  const auto root = clean_absolute(local);
  const auto objects = co_await list_folder(e, src.bucket, prefix);

  xfer::transfer_run run(e);
  for (const auto& o : objects) {
    if (!o.key.empty() && o.key.back() == '/') continue; // a folder marker, not a file
    fs::path target;
    try {
      target = xfer::download_path_in_folder(root, last, std::string_view(o.key).substr(prefix.size()), o.key);
    } catch (...) {
      // Refused, reported, and the other files go on.
      run.progress().add_totals(1, 0);
      run.add_failure(obs_name(src.bucket, o.key), {}, std::current_exception());
      continue;
    }
    run.progress().add_totals(1, o.size);
    run.add(xfer::make_download_job(
        run, {src.bucket, o.key, xfer::download_spec::known_object{o.size, o.etag}, std::move(target), root}));
  }
  co_return co_await run.finish();
}

// ---- copy --------------------------------------------------------------------------

asio::awaitable<std::optional<obs::object_head>> head_if_object(const engine_ptr& e, const obs::obs_path& p) {
  if (p.is_folder()) co_return std::nullopt;
  try {
    co_return co_await e->obs().head_object(p.bucket, p.key);
  } catch (const api_error& err) {
    if (err.http_status() != 404) throw;
  }
  co_return std::nullopt;
}

asio::awaitable<result_type> server_copy_op(engine_ptr e, obs::obs_path src, std::optional<obs::object_head> head,
                                            obs::obs_path dst, bool keep_last_dir) {
  xfer::transfer_run run(e);
  if (head) {
    const auto key = dst.is_folder() ? dst.key + xfer::last_key_component(src.key) : dst.key;
    run.progress().add_totals(1, head->size);
    run.add(xfer::make_copy_job(run, {src.bucket, src.key, head->size, dst.bucket, key}));
    co_return co_await finish_single(run);
  }
  const auto prefix = xfer::as_folder_prefix(src.key);
  auto target_prefix = xfer::as_folder_prefix(dst.key);
  if (keep_last_dir) target_prefix += checked_last_dir(src, prefix) + "/";
  const auto objects = co_await list_folder(e, src.bucket, prefix);
  for (const auto& o : objects) {
    if (!o.key.empty() && o.key.back() == '/') continue;
    const auto key = target_prefix + o.key.substr(prefix.size());
    run.progress().add_totals(1, o.size);
    run.add(xfer::make_copy_job(run, {src.bucket, o.key, o.size, dst.bucket, key}));
  }
  co_return co_await run.finish();
}

asio::awaitable<result_type> copy_op(engine_ptr e, std::string source, std::string destination, bool keep_last_dir) {
  const bool from_obs = xfer::is_obs_url(source);
  const bool to_obs = xfer::is_obs_url(destination);
  if (!from_obs && !to_obs)
    throw std::invalid_argument("copy: neither '" + source + "' nor '" + destination +
                                "' starts with obs://; a copy needs an OBS side");
  if (!from_obs) {
    auto check_folder = [p = fs::path(source)] { return fs::is_directory(p); };
    const bool folder = co_await e->on_io_thread(std::move(check_folder));
    if (folder) co_return co_await upload_folder_op(e, source, destination, keep_last_dir);
    co_return co_await upload_file_op(e, source, destination);
  }
  const auto src = parse_obs(source, "copy source");
  auto head = co_await head_if_object(e, src);
  if (!to_obs) {
    if (head) co_return co_await download_file_op(e, source, destination);
    co_return co_await download_folder_op(e, source, destination, keep_last_dir);
  }
  // A named value, not a temporary: g++ 12 mishandles aggregate temporaries
  // (obs_path) inside a co_await expression (see obs_types.hpp).
  auto dst = parse_obs(destination, "copy destination");
  co_return co_await server_copy_op(e, src, std::move(head), std::move(dst), keep_last_dir);
}

/// Runs `f`'s coroutine on the engine's strand; the caller resumes on its own executor.
template <class F>
asio::awaitable<result_type> on_strand(const engine_ptr& e, F f) {
  return asio::co_spawn(e->strand(), std::move(f), asio::use_awaitable);
}

} // namespace

obs_transfer::obs_transfer(const client& c, obs::transfer_options options)
    : engine_(std::make_shared<detail::transfer_engine>(c, std::move(options))) {}

const obs::transfer_options& obs_transfer::options() const { return engine_->options(); }

asio::awaitable<result_type> obs_transfer::upload_file(fs::path local_file, std::string destination) const {
  return on_strand(engine_, [e = engine_, l = std::move(local_file), d = std::move(destination)]() mutable {
    return upload_file_op(e, std::move(l), std::move(d));
  });
}

asio::awaitable<result_type> obs_transfer::upload_folder(fs::path local_folder, std::string obs_folder,
                                                         bool keep_last_dir) const {
  return on_strand(engine_, [e = engine_, l = std::move(local_folder), d = std::move(obs_folder), keep_last_dir]() mutable {
    return upload_folder_op(e, std::move(l), std::move(d), keep_last_dir);
  });
}

asio::awaitable<result_type> obs_transfer::download_file(std::string source, fs::path local) const {
  return on_strand(engine_, [e = engine_, s = std::move(source), l = std::move(local)]() mutable {
    return download_file_op(e, std::move(s), std::move(l));
  });
}

asio::awaitable<result_type> obs_transfer::download_folder(std::string source, fs::path local_folder,
                                                           bool keep_last_dir) const {
  return on_strand(engine_, [e = engine_, s = std::move(source), l = std::move(local_folder), keep_last_dir]() mutable {
    return download_folder_op(e, std::move(s), std::move(l), keep_last_dir);
  });
}

asio::awaitable<result_type> obs_transfer::copy(std::string source, std::string destination, bool keep_last_dir) const {
  return on_strand(engine_, [e = engine_, s = std::move(source), d = std::move(destination), keep_last_dir]() mutable {
    return copy_op(e, std::move(s), std::move(d), keep_last_dir);
  });
}

} // namespace modelarts
