// Downloads. A ranged download goes:
//   prepare   make sure the target stays inside the folder asked for; take
//             size and ETag from the listing, the checkpoint, or a HEAD; a
//             record whose temporary file is still whole continues, else the
//             temporary file is created at full size;
//   ranges    each missing range: wait for a slot and its budget, GET it with
//             If-Match, pwrite each received piece by offset as it arrives,
//             check length and ETag, append one journal line;
//   finish    fdatasync, check the size, rename over the target, drop the record.
// A 412 (or another ETag) means the object changed: errc::object_changed, and
// the temporary file and record are removed so the next run starts afresh.
#include "obs/transfer_download.hpp"

#include "modelarts/error.hpp"
#include "obs/checkpoint_file.hpp"
#include "obs/obs_xml.hpp"
#include "obs/transfer_file_io.hpp"
#include "obs/transfer_plan.hpp"
#include "obs/transfer_requests.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <set>
#include <utility>
#include <vector>

namespace modelarts::obs::transfer {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

std::string object_name(const download_spec& spec) { return "obs://" + spec.bucket + "/" + spec.key; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return s;
}

/// Creates the target's folder, refusing a target that would land outside
/// `root` through a symbolic link already in the tree.
void prepare_folder(const fs::path& root, const fs::path& target, const std::string& key) {
  const auto refuse = [&] {
    throw boost::system::system_error(make_error_code(errc::unsafe_object_key),
                                      "object key '" + key + "' would be written outside " + root.string() +
                                          " (through a symbolic link)");
  };
  const auto parent = target.parent_path();
  if (root.empty()) {
    fs::create_directories(parent);
    return;
  }
  fs::create_directories(root);
  const auto real_root = fs::canonical(root);
  if (!is_within(fs::weakly_canonical(parent), real_root)) refuse(); // before creating anything there
  fs::create_directories(parent);
  if (!is_within(fs::canonical(parent), real_root)) refuse();
}

class object_download {
public:
  object_download(transfer_run& run, download_spec spec)
      : run_(run), engine_(run.engine()), spec_(std::move(spec)), flow_(engine_.next_flow()),
        ranges_group_(engine_.strand()) {}

  asio::awaitable<void> run() {
    std::exception_ptr failure;
    try {
      co_await prepare();
      if (ranged_) {
        co_await fetch_ranges();
        co_await finish_ranged();
      } else {
        co_await fetch_whole();
      }
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) {
      // Stopping the parts and aborting must not be cancelled in turn. The
      // reset comes first: once cancelled, even entering a coroutine throws.
      co_await asio::this_coro::reset_cancellation_state(asio::disable_cancellation());
      co_await clean_up(failure);
      std::rethrow_exception(failure);
    }
  }

private:
  [[nodiscard]] bool checkpointing() const { return !engine_.options().checkpoint_dir.empty(); }

  [[noreturn]] void throw_changed(const std::string& why) {
    throw boost::system::system_error(make_error_code(errc::object_changed),
                                      object_name(spec_) + " changed since the download began (" + why +
                                          "); the partial download was removed, run again to fetch the new version");
  }

  asio::awaitable<void> prepare() {
    struct found {
      std::optional<download_record> record;
      std::uint64_t record_length = 0;
      bool temp_whole = false; ///< the record's temporary file exists at full size
    };
    checkpoint_ = checkpointing()
                      ? checkpoint_path(engine_.options().checkpoint_dir, "download",
                                        "download\n" + spec_.bucket + "\n" + spec_.key + "\n" + spec_.target.string())
                      : fs::path();
    auto inspect_target = [root = spec_.root, target = spec_.target, key = spec_.key,
                                            ckpt = checkpoint_] {
      prepare_folder(root, target, key);
      found r;
      if (ckpt.empty()) return r;
      const auto lines = read_checkpoint_lines(ckpt);
      if (!lines) return r;
      r.record = download_record::parse(*lines);
      r.record_length = lines->valid_length;
      std::error_code ec;
      if (r.record) r.temp_whole = fs::is_regular_file(r.record->temp_file, ec) &&
                                   fs::file_size(r.record->temp_file, ec) == r.record->size && !ec;
      return r;
    };
    auto f = co_await engine_.on_io_thread(std::move(inspect_target));
    const bool resumable = f.record && f.temp_whole && f.record->bucket == spec_.bucket &&
                           f.record->key == spec_.key && f.record->target == spec_.target &&
                           part_count(f.record->size, f.record->part_size) <= max_parts;

    if (spec_.listed) {
      size_ = spec_.listed->size;
      etag_ = strip_etag_quotes(spec_.listed->etag);
      if (resumable && (f.record->etag != etag_ || f.record->size != size_)) {
        temp_ = f.record->temp_file; // removed by clean_up
        throw_changed("its ETag was \"" + f.record->etag + "\", the listing says \"" + etag_ + "\"");
      }
    } else if (resumable) {
      // Continue with what the record says; If-Match catches a change.
      size_ = f.record->size;
      etag_ = f.record->etag;
    } else {
      const auto head = co_await engine_.in_slot(flow_, engine_.obs().head_object(spec_.bucket, spec_.key));
      size_ = head.size;
      etag_ = strip_etag_quotes(head.etag);
    }
    if (!spec_.listed) run_.progress().add_totals(0, size_);

    if (f.record && !resumable) {
      // A record for another object version, target or a lost temporary file.
      remove_file(f.record->temp_file);
      remove_checkpoint(checkpoint_);
    }

    ranged_ = size_ > engine_.single_request_limit() || resumable;
    if (!ranged_) co_return;

    if (resumable) {
      part_size_ = f.record->part_size;
      temp_ = f.record->temp_file;
      done_.assign(part_count(size_, part_size_), false);
      std::uint64_t resumed = 0;
      for (const auto n : f.record->done) {
        if (n > done_.size()) continue;
        done_[n - 1] = true;
        resumed += part_at(size_, part_size_, n).length;
      }
      run_.progress().add_parts_total(done_.size());
      run_.progress().add_resumed(resumed, f.record->done.size());
      auto reopen_partial = [temp = temp_, ckpt = checkpoint_, length = f.record_length] {
        return std::make_pair(std::make_shared<const file_handle>(file_handle::open_for_writing(temp)),
                              std::make_shared<checkpoint_journal>(ckpt, length));
      };
      auto opened = co_await engine_.on_io_thread(std::move(reopen_partial));
      file_ = std::move(opened.first);
      journal_ = std::move(opened.second);
      co_return;
    }

    part_size_ = engine_.part_size_for(size_);
    done_.assign(part_count(size_, part_size_), false);
    run_.progress().add_parts_total(done_.size());
    temp_ = temporary_sibling(spec_.target, random_tag());
    download_record record;
    record.bucket = spec_.bucket;
    record.key = spec_.key;
    record.etag = etag_;
    record.size = size_;
    record.part_size = part_size_;
    record.target = spec_.target;
    record.temp_file = temp_;
    auto create_partial = [temp = temp_, size = size_, ckpt = checkpoint_,
                                                  header = record.header()] {
      auto file = std::make_shared<const file_handle>(file_handle::create(temp));
      file->resize(size); // sparse: ranges land by offset in any order
      std::shared_ptr<checkpoint_journal> journal;
      if (!ckpt.empty()) journal = std::make_shared<checkpoint_journal>(ckpt, write_checkpoint_header(ckpt, header));
      return std::make_pair(std::move(file), std::move(journal));
    };
    auto created = co_await engine_.on_io_thread(std::move(create_partial));
    file_ = std::move(created.first);
    journal_ = std::move(created.second);
  }

  [[nodiscard]] obs::get_options get_options_for(std::optional<byte_range> range) const {
    obs::get_options o;
    o.range = range;
    o.if_match = etag_;
    return o;
  }

  /// Checks what a GET answered against what the download expects.
  void check_answer(const object_head& head, std::uint64_t received, std::uint64_t expected) {
    if (received != expected)
      throw boost::system::system_error(make_error_code(errc::truncated_body),
                                        object_name(spec_) + ": received " + std::to_string(received) +
                                            " bytes instead of " + std::to_string(expected));
    // An answer without an ETag cannot be compared; If-Match already guarded it.
    if (!etag_.empty() && !head.etag.empty() && strip_etag_quotes(head.etag) != etag_)
      throw_changed("its ETag is now \"" + strip_etag_quotes(head.etag) + "\", it was \"" + etag_ + "\"");
    if (head.size != size_)
      throw_changed("its size is now " + std::to_string(head.size) + ", it was " + std::to_string(size_));
  }

  /// The whole object in one GET (no checkpoint: one request has nothing to resume).
  asio::awaitable<void> fetch_whole() {
    run_.progress().add_parts_total(1);
    temp_ = temporary_sibling(spec_.target, random_tag());
    if (size_ == 0) {
      auto publish_empty = [temp = temp_, target = spec_.target] {
        auto file = file_handle::create(temp);
        file.sync();
        file.close();
        rename_file(temp, target);
      };
      co_await engine_.on_io_thread(std::move(publish_empty));
      run_.progress().part_done();
      co_return;
    }
    const bool verify = engine_.options().verify_md5 && is_md5_etag(etag_);
    std::uint64_t counted = 0;
    const std::function<asio::awaitable<void>()> attempt = [this, verify, &counted]() -> asio::awaitable<void> {
      auto grant = co_await engine_.scheduler().acquire(flow_, size_);
      std::string buffer = engine_.take_buffer(size_);
      std::function<bool(std::string_view)> to_buffer = [this, &buffer, &counted](std::string_view chunk) {
        if (buffer.size() + chunk.size() > size_) return false;
        buffer.append(chunk);
        counted += chunk.size();
        run_.progress().add_bytes(chunk.size());
        return true;
      };
      const auto head = co_await engine_.obs().get_object_to_sink(spec_.bucket, spec_.key, std::move(to_buffer),
                                                                  get_options_for(std::nullopt));
      check_answer(head, buffer.size(), size_);
      auto check_and_publish = [&buffer, verify, etag = lower(etag_), temp = temp_, target = spec_.target,
                                name = object_name(spec_)] {
        if (verify && md5_of(buffer).hex != etag)
          throw boost::system::system_error(make_error_code(errc::malformed_response),
                                            name + ": the bytes received do not match the object's MD5 ETag");
        auto file = file_handle::create(temp);
        file.write_at(0, buffer);
        file.sync();
        file.close();
        rename_file(temp, target);
      };
      co_await engine_.on_io_thread(std::move(check_and_publish));
      engine_.give_back_buffer(std::move(buffer));
      run_.progress().part_done();
    };
    const std::function<std::exception_ptr(std::exception_ptr)> undo = [this, &counted](std::exception_ptr e) {
      run_.progress().remove_bytes(std::exchange(counted, 0));
      remove_file(temp_);
      return precondition_as_object_changed(e, object_name(spec_), etag_);
    };
    co_await engine_.with_part_attempts(attempt, undo);
  }

  asio::awaitable<void> fetch_ranges() {
    for (unsigned number = 1; number <= done_.size(); ++number) {
      if (done_[number - 1]) continue;
      if (range_failure_ || run_.stopping()) break;
      const auto range = part_at(size_, part_size_, number);
      auto grant = co_await engine_.scheduler().acquire(flow_, range.length);
      if (range_failure_) break;
      ranges_group_.spawn(fetch_range(range, std::move(grant)), [this](std::exception_ptr e) {
        if (e && !range_failure_) {
          range_failure_ = e;
          ranges_group_.cancel();
        }
      });
    }
    co_await ranges_group_.wait();
    if (range_failure_) std::rethrow_exception(range_failure_);
    if (std::find(done_.begin(), done_.end(), false) != done_.end())
      throw boost::system::system_error(asio::error::operation_aborted, "transfer stopped");
  }

  /// `grant` is held until the range is on disk: its bytes count against the budget until then.
  asio::awaitable<void> fetch_range(part_range range, [[maybe_unused]] transfer_scheduler::grant grant) {
    std::uint64_t received = 0;
    const std::function<asio::awaitable<void>()> attempt = [this, range, &received]() -> asio::awaitable<void> {
      // Each piece goes to the file by offset straight from the connection's
      // read buffer: no part buffer, no copy into one (a quarter of a
      // download's CPU). pwrite lands in the page cache, which costs what
      // that copy cost; the kernel writes back on its own.
      std::function<bool(std::string_view)> to_file = [this, range, &received](std::string_view chunk) {
        if (received + chunk.size() > range.length) return false;
        file_->write_at(range.offset + received, chunk);
        received += chunk.size();
        run_.progress().add_bytes(chunk.size());
        return true;
      };
      const byte_range wanted{range.offset, range.offset + range.length - 1};
      const auto head = co_await engine_.obs().get_object_to_sink(spec_.bucket, spec_.key, std::move(to_file),
                                                                  get_options_for(wanted));
      check_answer(head, received, range.length);
      done_[range.number - 1] = true;
      if (journal_) {
        try {
          journal_->append(download_record::journal_line(range.number));
        } catch (const std::exception&) {
          // A lost line only means that range is fetched again on resume.
        }
      }
      run_.progress().part_done();
    };
    // What a failed attempt wrote stays in the temporary file until a later
    // attempt (or a resume: the range is not journalled) overwrites it.
    const std::function<std::exception_ptr(std::exception_ptr)> undo = [this, &received](std::exception_ptr e) {
      run_.progress().remove_bytes(std::exchange(received, 0));
      return precondition_as_object_changed(e, object_name(spec_), etag_);
    };
    co_await engine_.with_part_attempts(attempt, undo);
  }

  asio::awaitable<void> finish_ranged() {
    auto publish_whole = [file = file_, size = size_, temp = temp_, target = spec_.target] {
      file->sync();
      if (file->size() != size)
        throw std::filesystem::filesystem_error("the temporary file does not have the object's size", temp,
                                                std::make_error_code(std::errc::io_error));
      rename_file(temp, target);
    };
    co_await engine_.on_io_thread(std::move(publish_whole));
    file_.reset();
    journal_.reset();
    if (checkpointing()) remove_checkpoint(checkpoint_);
  }

  /// Runs with cancellation disabled (see run()).
  asio::awaitable<void> clean_up(const std::exception_ptr& failure) {
    ranges_group_.cancel();
    co_await ranges_group_.wait();
    journal_.reset();
    file_.reset();
    const bool keep_for_resume = checkpointing() && ranged_ && !is_object_changed(failure);
    if (!keep_for_resume) {
      if (!temp_.empty()) remove_file(temp_);
      if (checkpointing()) remove_checkpoint(checkpoint_);
    }
  }

  transfer_run& run_;
  detail::transfer_engine& engine_;
  download_spec spec_;
  std::uint64_t flow_;
  task_group ranges_group_;
  std::uint64_t size_ = 0;
  std::string etag_;
  bool ranged_ = false;
  std::uint64_t part_size_ = 0;
  std::vector<bool> done_;
  fs::path temp_;
  fs::path checkpoint_;
  std::shared_ptr<const file_handle> file_;
  std::shared_ptr<checkpoint_journal> journal_;
  std::exception_ptr range_failure_;
};

asio::awaitable<void> run_download(std::shared_ptr<object_download> job) { co_await job->run(); }

} // namespace

bool is_within(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (const auto& r : root) {
    if (r.empty()) break; // a trailing separator of root
    if (p == path.end() || *p != r) return false;
    ++p;
  }
  return true;
}

file_job make_download_job(transfer_run& run, download_spec spec) {
  file_job job;
  job.source = object_name(spec);
  job.destination = spec.target.string();
  job.multipart = !spec.listed || spec.listed->size > run.engine().single_request_limit();
  auto download = std::make_shared<object_download>(run, std::move(spec));
  job.run = [download] { return run_download(download); };
  return job;
}

} // namespace modelarts::obs::transfer
