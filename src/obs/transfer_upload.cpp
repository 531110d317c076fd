// Uploads. A multipart upload goes:
//   prepare   open the file, note its identity (size, mtime); resume from a
//             checkpoint whose identity and object match, trusting the
//             service's ListParts over the journal; else initiate and write
//             a fresh checkpoint header;
//   parts     each missing part: wait for a slot and its bytes, read it once
//             on an I/O thread, hash it with the other parts read at the same
//             time (md5_batcher), PUT it with Content-MD5,
//             check the ETag, append one journal line;
//   complete  check the file did not change, complete with the part list,
//             check the multipart ETag where it can be predicted, drop the
//             checkpoint.
// On failure or cancellation the in-flight parts are stopped and the upload
// is aborted, unless it is kept for a resume.
#include "obs/transfer_upload.hpp"

#include "client/client_core.hpp"
#include "modelarts/error.hpp"
#include "obs/checkpoint_file.hpp"
#include "obs/obs_xml.hpp"
#include "obs/transfer_file_io.hpp"
#include "obs/transfer_md5_batcher.hpp"
#include "obs/transfer_plan.hpp"
#include "obs/transfer_requests.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace modelarts::obs::transfer {
namespace {

namespace asio = boost::asio;

std::string object_name(const upload_spec& spec) { return "obs://" + spec.bucket + "/" + spec.key; }

[[noreturn]] void throw_local_file_changed(const std::filesystem::path& file) {
  throw boost::system::system_error(make_error_code(errc::object_changed),
                                    "local file " + file.string() + " changed during the upload");
}

/// A body read from disk, with its MD5 when asked.
struct part_data {
  std::string body;
  std::optional<md5_digest> md5;
};

/// Runs `read` on an I/O thread, then hashes what it returned together with
/// the other bodies being read now (md5_batcher). `read` fills a buffer from
/// the engine's spare buffers, taken and given back on the network thread:
/// glibc returns memory to the arena of the thread that allocated it, and
/// buffers allocated on the I/O threads would spread over their arenas and
/// raise the peak well above the bytes actually in flight.
template <class Read>
asio::awaitable<part_data> read_then_hash(detail::transfer_engine& engine, Read read, bool with_md5) {
  std::optional<md5_batcher::ticket> announced;
  if (with_md5) announced.emplace(engine.hasher().expect());
  part_data d;
  d.body = co_await engine.on_io_thread(std::move(read)); // not inside a braced initializer: g++ 12 miscompiles that
  if (announced) d.md5 = co_await engine.hasher().digest(*announced, d.body);
  co_return d;
}

// ---- single PUT ------------------------------------------------------------------------

asio::awaitable<void> upload_single(transfer_run& run, upload_spec spec) {
  auto& engine = run.engine();
  const auto flow = engine.next_flow();
  const bool verify = engine.options().verify_md5;
  run.progress().add_parts_total(1);
  const std::function<asio::awaitable<void>()> attempt = [&engine, &run, &spec, flow,
                                                          verify]() -> asio::awaitable<void> {
    auto grant = co_await engine.scheduler().acquire(flow, spec.size);
    auto read_whole_file = [path = spec.local, size = spec.size,
                            buffer = engine.take_buffer(static_cast<std::size_t>(spec.size))]() mutable {
      auto file = file_handle::open_for_reading(path);
      const auto before = identity_of(path);
      if (before.size != size) throw_local_file_changed(path);
      file.read_into(buffer, 0, size);
      if (identity_of(path) != before) throw_local_file_changed(path);
      return std::move(buffer);
    };
    auto data = co_await read_then_hash(engine, std::move(read_whole_file), verify);
    const auto expected_md5 = data.md5 ? data.md5->hex : std::string();
    auto req = put_object_request(engine.requests(), spec.bucket, spec.key, data.body,
                                  data.md5 ? &*data.md5 : nullptr);
    const auto res = co_await engine.core().execute_obs(std::move(req));
    engine.give_back_buffer(std::move(data.body));
    upload_etag(res.headers, expected_md5, "put object");
    run.progress().add_bytes(spec.size);
    run.progress().part_done();
  };
  const std::function<std::exception_ptr(std::exception_ptr)> nothing_to_undo;
  co_await engine.with_part_attempts(attempt, nothing_to_undo);
}

// ---- multipart ---------------------------------------------------------------------------

class multipart_upload {
public:
  multipart_upload(transfer_run& run, upload_spec spec)
      : run_(run), engine_(run.engine()), spec_(std::move(spec)), flow_(engine_.next_flow()),
        parts_group_(engine_.strand()) {}

  asio::awaitable<void> run() {
    std::exception_ptr failure;
    try {
      co_await prepare();
      co_await send_parts();
      co_await complete();
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

  asio::awaitable<void> prepare() {
    struct opened {
      std::shared_ptr<const file_handle> file;
      file_identity identity;
      std::optional<checkpoint_lines> lines;
    };
    const auto ckpt = checkpointing() ? checkpoint_path(engine_.options().checkpoint_dir, "upload",
                                                        "upload\n" + spec_.local.string() + "\n" + spec_.bucket +
                                                            "\n" + spec_.key)
                                      : std::filesystem::path();
    auto open_source = [path = spec_.local, ckpt] {
      opened r;
      r.file = std::make_shared<const file_handle>(file_handle::open_for_reading(path));
      r.identity = identity_of(path);
      if (!ckpt.empty()) r.lines = read_checkpoint_lines(ckpt);
      return r;
    };
    auto o = co_await engine_.on_io_thread(std::move(open_source));
    file_ = std::move(o.file);
    identity_ = o.identity;
    checkpoint_ = ckpt;
    part_size_ = engine_.part_size_for(identity_.size);

    std::optional<upload_record> record;
    if (o.lines) record = upload_record::parse(*o.lines);
    if (record && co_await resume(*record, o.lines->valid_length)) co_return;
    if (record) co_await discard_stale(*record);

    upload_id_ = co_await engine_.in_slot(flow_, engine_.obs().initiate_multipart_upload(spec_.bucket, spec_.key));
    parts_.assign(part_count(identity_.size, part_size_), std::nullopt);
    run_.progress().add_parts_total(parts_.size());
    if (checkpointing()) {
      upload_record fresh;
      fresh.source = spec_.local;
      fresh.identity = identity_;
      fresh.bucket = spec_.bucket;
      fresh.key = spec_.key;
      fresh.upload_id = upload_id_;
      fresh.part_size = part_size_;
      auto start_record = [path = checkpoint_, header = fresh.header()] {
        const auto length = write_checkpoint_header(path, header);
        return std::make_shared<checkpoint_journal>(path, length);
      };
      journal_ = co_await engine_.on_io_thread(std::move(start_record));
    }
  }

  /// Continues the recorded upload when it is this file's and the service
  /// still has it. False: start afresh.
  asio::awaitable<bool> resume(const upload_record& record, std::uint64_t journal_length) {
    if (record.source != spec_.local || record.bucket != spec_.bucket || record.key != spec_.key ||
        record.identity != identity_ || part_count(identity_.size, record.part_size) > max_parts)
      co_return false;
    std::vector<part_info> listed;
    bool upload_gone = false;
    try {
      listed = co_await engine_.in_slot(flow_, engine_.obs().list_parts(spec_.bucket, spec_.key, record.upload_id));
    } catch (const api_error& e) {
      if (e.http_status() != 404) throw;
      upload_gone = true;
    }
    if (upload_gone) {
      // NoSuchUpload: completed by a run killed before it could drop the
      // record, or aborted. The first needs no byte sent again.
      if (!co_await already_completed(record)) co_return false;
      completed_earlier_ = true;
      co_return true;
    }
    upload_id_ = record.upload_id;
    part_size_ = record.part_size;
    parts_.assign(part_count(identity_.size, part_size_), std::nullopt);
    run_.progress().add_parts_total(parts_.size());

    // The service's list is the truth: a part counts as sent only when it
    // lists it with the right size and an ETag that matches what this file
    // holds there — known from the journal, or else hashed again.
    std::uint64_t resumed_bytes = 0;
    std::uint64_t resumed_parts = 0;
    for (const auto& p : listed) {
      if (p.part_number < 1 || p.part_number > parts_.size()) continue;
      const auto range = part_at(identity_.size, part_size_, p.part_number);
      const auto etag = strip_etag_quotes(p.etag);
      if (p.size != range.length) continue;
      bool same = false;
      if (const auto j = record.parts.find(p.part_number);
          j != record.parts.end() && j->second.size == p.size && j->second.etag == etag) {
        same = true;
      } else if (is_md5_etag(etag)) {
        auto hash_listed_part = [path = spec_.local, range] {
          return md5_of_file_range(path, range.offset, range.length);
        };
        const auto local = co_await engine_.on_io_thread(std::move(hash_listed_part));
        same = local.hex == etag;
      }
      if (!same) continue;
      parts_[p.part_number - 1] = part_info{p.part_number, etag, p.size};
      resumed_bytes += p.size;
      ++resumed_parts;
    }
    run_.progress().add_resumed(resumed_bytes, resumed_parts);
    auto reopen_journal = [path = checkpoint_, journal_length] {
      return std::make_shared<checkpoint_journal>(path, journal_length);
    };
    journal_ = co_await engine_.on_io_thread(std::move(reopen_journal));
    co_return true;
  }

  /// Whether the object already is this file, uploaded with these parts.
  asio::awaitable<bool> already_completed(const upload_record& record) {
    const auto count = part_count(identity_.size, record.part_size);
    if (record.parts.size() != count) co_return false;
    std::vector<std::string> etags;
    for (const auto& [number, part] : record.parts) etags.push_back(part.etag);
    const auto expected = multipart_etag(etags);
    if (expected.empty()) co_return false;
    try {
      const auto head = co_await engine_.in_slot(flow_, engine_.obs().head_object(spec_.bucket, spec_.key));
      co_return head.size == identity_.size && strip_etag_quotes(head.etag) == expected;
    } catch (const api_error& e) {
      if (e.http_status() != 404) throw;
    }
    co_return false;
  }

  /// A record for another version of the file: its upload is of no use.
  asio::awaitable<void> discard_stale(const upload_record& record) {
    if (!engine_.options().keep_incomplete_upload && record.bucket == spec_.bucket && record.key == spec_.key) {
      try {
        co_await engine_.in_slot(flow_, engine_.obs().abort_multipart_upload(record.bucket, record.key, record.upload_id));
      } catch (const api_error&) {
        // Already gone (404) or refused: nothing more to do for a stale record.
      }
    }
    remove_checkpoint(checkpoint_);
  }

  asio::awaitable<void> send_parts() {
    if (completed_earlier_) co_return;
    for (unsigned number = 1; number <= parts_.size(); ++number) {
      if (parts_[number - 1]) continue;
      if (part_failure_ || run_.stopping()) break;
      const auto range = part_at(identity_.size, part_size_, number);
      auto grant = co_await engine_.scheduler().acquire(flow_, range.length);
      if (part_failure_) break;
      parts_group_.spawn(send_part(range, std::move(grant)), [this](std::exception_ptr e) {
        if (e && !part_failure_) {
          part_failure_ = e;
          parts_group_.cancel(); // the file has failed: its other parts stop
        }
      });
    }
    co_await parts_group_.wait();
    if (part_failure_) std::rethrow_exception(part_failure_);
    for (const auto& p : parts_)
      if (!p) throw boost::system::system_error(asio::error::operation_aborted, "transfer stopped");
  }

  /// `grant` is held until the part is sent: its bytes count against the budget until then.
  asio::awaitable<void> send_part(part_range range, [[maybe_unused]] transfer_scheduler::grant grant) {
    const bool verify = engine_.options().verify_md5;
    const std::function<asio::awaitable<void>()> attempt = [this, range, verify]() -> asio::awaitable<void> {
      auto read_this_part = [file = file_, range,
                             buffer = engine_.take_buffer(static_cast<std::size_t>(range.length))]() mutable {
        file->read_into(buffer, range.offset, range.length);
        return std::move(buffer);
      };
      auto data = co_await read_then_hash(engine_, std::move(read_this_part), verify);
      const auto expected_md5 = data.md5 ? data.md5->hex : std::string();
      auto req = upload_part_request(engine_.requests(), spec_.bucket, spec_.key, upload_id_, range.number,
                                     data.body, data.md5 ? &*data.md5 : nullptr);
      const auto res = co_await engine_.core().execute_obs(std::move(req));
      engine_.give_back_buffer(std::move(data.body));
      auto etag = upload_etag(res.headers, expected_md5, "upload part " + std::to_string(range.number));
      parts_[range.number - 1] = part_info{range.number, etag, range.length};
      if (journal_) {
        try {
          journal_->append(upload_record::journal_line(range.number, {range.length, etag}));
        } catch (const std::exception&) {
          // The journal is a hint: a resume asks the service anyway.
        }
      }
      run_.progress().add_bytes(range.length);
      run_.progress().part_done();
    };
    const std::function<std::exception_ptr(std::exception_ptr)> nothing_to_undo;
    co_await engine_.with_part_attempts(attempt, nothing_to_undo);
  }

  asio::awaitable<void> complete() {
    if (!completed_earlier_) {
      auto stat_source = [path = spec_.local] { return identity_of(path); };
      const auto now = co_await engine_.on_io_thread(std::move(stat_source));
      if (now != identity_) throw_local_file_changed(spec_.local);
      std::vector<part_info> list;
      std::vector<std::string> etags;
      for (const auto& p : parts_) {
        list.push_back(*p);
        etags.push_back(p->etag);
      }
      const auto etag = strip_etag_quotes(
          co_await engine_.in_slot(flow_, engine_.obs().complete_multipart_upload(spec_.bucket, spec_.key, upload_id_, list)));
      upload_id_.clear(); // completed: nothing left to abort
      const auto expected = multipart_etag(etags);
      // Only an ETag of the same form can be compared (KMS-encrypted objects differ).
      if (!expected.empty() && etag.find('-') != std::string::npos && etag != expected)
        throw boost::system::system_error(make_error_code(errc::checksum_mismatch),
                                          object_name(spec_) + ": the completed object's ETag " + etag +
                                              " is not the one its parts give (" + expected + ")");
    } else {
      run_.progress().add_resumed(identity_.size, 1);
      run_.progress().add_parts_total(1);
    }
    journal_.reset();
    if (checkpointing()) remove_checkpoint(checkpoint_);
  }

  /// Runs with cancellation disabled (see run()).
  asio::awaitable<void> clean_up(const std::exception_ptr& failure) {
    parts_group_.cancel();
    co_await parts_group_.wait();
    journal_.reset();
    const bool file_changed = is_object_changed(failure);
    const bool keep_for_resume = checkpointing() && !file_changed;
    if (!upload_id_.empty() && !keep_for_resume && !engine_.options().keep_incomplete_upload) {
      try {
        co_await engine_.obs().abort_multipart_upload(spec_.bucket, spec_.key, upload_id_);
      } catch (const std::exception&) {
        // Reported by the original failure; the upload shows in list_multipart_uploads.
      }
    }
    // A kept record may also belong to an upload this run could not reach
    // yet (ListParts failed): it stays for the next run.
    if (checkpointing() && !keep_for_resume) remove_checkpoint(checkpoint_);
  }

  transfer_run& run_;
  detail::transfer_engine& engine_;
  upload_spec spec_;
  std::uint64_t flow_;
  task_group parts_group_;
  std::shared_ptr<const file_handle> file_;
  file_identity identity_;
  std::uint64_t part_size_ = 0;
  std::string upload_id_;
  std::vector<std::optional<part_info>> parts_;
  std::filesystem::path checkpoint_;
  std::shared_ptr<checkpoint_journal> journal_;
  std::exception_ptr part_failure_;
  bool completed_earlier_ = false;
};

asio::awaitable<void> run_multipart(std::shared_ptr<multipart_upload> job) { co_await job->run(); }

} // namespace

file_job make_upload_job(transfer_run& run, upload_spec spec) {
  file_job job;
  job.source = spec.local.string();
  job.destination = object_name(spec);
  job.multipart = spec.size > run.engine().single_request_limit();
  if (job.multipart) {
    auto upload = std::make_shared<multipart_upload>(run, std::move(spec));
    job.run = [upload] { return run_multipart(upload); };
  } else {
    job.run = [&run, spec = std::move(spec)] { return upload_single(run, spec); };
  }
  return job;
}

} // namespace modelarts::obs::transfer
