// Cancellation and resume of obs_transfer against the emulator: a cancelled
// upload is aborted unless kept for resume; a resumed upload trusts the
// service's part list and sends only missing parts; a resumed download
// fetches only missing ranges, and fails with errc::object_changed when the
// object changed in between, never leaving a partial file under its name.
#include "emulator_fixture.hpp"

#include <modelarts/obs/obs_client.hpp>
#include <modelarts/obs/transfer.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace fs = std::filesystem;
namespace obs = modelarts::obs;

namespace {

constexpr std::uint64_t kib = 1024;
constexpr std::uint64_t part = 64 * kib;

// Shared with the other transfer tests (emulator_fixture.hpp).
using test_support::local_files::pseudo_random;
using test_support::local_files::read_file;
using test_support::local_files::temp_dir;
using test_support::local_files::write_file;

std::set<std::string> names_in(const fs::path& folder) {
  std::set<std::string> out;
  if (!fs::exists(folder)) return out;
  for (const auto& e : fs::directory_iterator(folder)) out.insert(e.path().filename().string());
  return out;
}

bool is_aborted(const std::exception_ptr& e) {
  if (!e) return false;
  try {
    std::rethrow_exception(e);
  } catch (const boost::system::system_error& err) {
    return err.code() == asio::error::operation_aborted;
  } catch (...) {
  }
  return false;
}

using test_support::small_parts_emulator;

/// Cancels a transfer from its own progress callback, once.
struct canceller {
  asio::cancellation_signal signal;
  bool requested = false;
  obs::transfer_progress last;

  void request(asio::io_context& io) {
    if (requested) return;
    requested = true;
    asio::post(io, [this] { signal.emit(asio::cancellation_type::terminal); });
  }
};

struct resume_fixture : test_support::emulator_fixture {
  resume_fixture() : emulator_fixture(small_parts_emulator()), client(make_client()) {
    run(client.obs().create_bucket("bucket"));
  }

  obs::transfer_options options(std::size_t concurrency = 2) const {
    obs::transfer_options o;
    o.part_size = part;
    o.multipart_threshold = part;
    o.concurrency = concurrency;
    return o;
  }

  /// Options that checkpoint into the test's folder and cancel after `parts` parts.
  obs::transfer_options cancelling_after(std::uint64_t parts, canceller& c, bool checkpoint = true) {
    auto o = options();
    if (checkpoint) o.checkpoint_dir = dir.path / "ckpt";
    o.on_progress = [this, parts, &c](const obs::transfer_progress& p) {
      c.last = p;
      if (p.parts_done >= parts) c.request(io);
    };
    return o;
  }

  /// Runs `op` with `c`'s signal bound; returns how it ended (null: success).
  std::exception_ptr run_cancellable(asio::awaitable<obs::transfer_result> op, canceller& c) {
    std::exception_ptr failure;
    bool done = false;
    asio::co_spawn(io, std::move(op),
                   asio::bind_cancellation_slot(c.signal.slot(), [&](std::exception_ptr e, obs::transfer_result) {
                     failure = e;
                     done = true;
                   }));
    io.restart();
    io.run();
    BOOST_REQUIRE(done);
    return failure;
  }

  void slow_down(const std::string& method, const std::string& key) {
    modelarts::emulator::fault f;
    f.method = method;
    f.path_prefix = "/bucket/" + key;
    f.latency = std::chrono::milliseconds(30);
    server.add_fault(f);
  }

  std::vector<obs::multipart_upload_summary> uploads() { return run(client.obs().list_multipart_uploads("bucket")); }

  /// The parts of the one open upload, once the list stopped changing: a
  /// part whose body arrived before the cancellation may still be stored.
  std::vector<obs::part_info> settled_parts(const std::string& key) {
    std::vector<obs::part_info> parts;
    std::size_t stable = 0;
    for (int poll = 0; poll < 100 && stable < 3; ++poll) {
      const auto open = uploads();
      BOOST_REQUIRE(open.size() == 1u);
      BOOST_REQUIRE(open[0].key == key);
      auto now = run(client.obs().list_parts("bucket", key, open[0].upload_id));
      stable = now.size() == parts.size() && poll > 0 ? stable + 1 : 0;
      parts = std::move(now);
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
    return parts;
  }

  bool object_exists(const std::string& key) {
    try {
      run(client.obs().head_object("bucket", key));
      return true;
    } catch (const modelarts::api_error& e) {
      BOOST_TEST(e.http_status() == 404u);
      return false;
    }
  }

  std::uint64_t requests(const char* method, const std::string& key) {
    return server.requests_matching(method, "/bucket/" + key);
  }

  /// requests() once the count stopped changing: a request cancelled while
  /// the emulator held it (latency) may be counted a little later.
  std::uint64_t settled_requests(const char* method, const std::string& key) {
    auto count = requests(method, key);
    for (int stable = 0, poll = 0; stable < 3 && poll < 100; ++poll) {
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
      const auto now = requests(method, key);
      stable = now == count ? stable + 1 : 0;
      count = now;
    }
    return count;
  }

  modelarts::client client;
  temp_dir dir;
};

std::uint64_t bytes_of(const std::vector<obs::part_info>& parts) {
  std::uint64_t n = 0;
  for (const auto& p : parts) n += p.size;
  return n;
}

/// Drops every journal line of every record, as if the process had been
/// killed before writing any: only the service's part list is left.
void forget_journals(const fs::path& ckpt_dir) {
  for (const auto& e : fs::directory_iterator(ckpt_dir)) {
    auto text = read_file(e.path());
    const auto end = text.find("\n.\n");
    BOOST_REQUIRE(end != std::string::npos);
    text.resize(end + 3);
    write_file(e.path(), text);
  }
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(transfer_resume, resume_fixture)

BOOST_AUTO_TEST_CASE(a_cancelled_upload_without_checkpoint_is_aborted_and_leaves_no_object) {
  write_file(dir.path / "c.bin", pseudo_random(12 * part, 1));
  slow_down("PUT", "c.bin");
  canceller c;
  const modelarts::obs_transfer transfer(client, cancelling_after(2, c, false));
  BOOST_TEST(is_aborted(run_cancellable(transfer.upload_file(dir.path / "c.bin", "obs://bucket/c.bin"), c)));
  BOOST_TEST(c.last.parts_done < 12u);
  BOOST_TEST(uploads().empty()); // aborted: no billed fragments
  BOOST_TEST(!object_exists("c.bin"));
  BOOST_TEST(client.pool_stats().in_use == 0u); // no connection kept by a cancelled request
}

BOOST_AUTO_TEST_CASE(keep_incomplete_upload_leaves_the_multipart_upload_to_the_caller) {
  write_file(dir.path / "k.bin", pseudo_random(12 * part, 2));
  slow_down("PUT", "k.bin");
  canceller c;
  auto o = cancelling_after(2, c, false);
  o.keep_incomplete_upload = true;
  const modelarts::obs_transfer transfer(client, o);
  BOOST_TEST(is_aborted(run_cancellable(transfer.upload_file(dir.path / "k.bin", "obs://bucket/k.bin"), c)));
  const auto open = uploads();
  BOOST_REQUIRE(open.size() == 1u);
  run(client.obs().abort_multipart_upload("bucket", "k.bin", open[0].upload_id));
}

BOOST_AUTO_TEST_CASE(an_interrupted_upload_resumes_and_sends_only_the_missing_parts) {
  const std::uint64_t total_parts = 17;
  const auto data = pseudo_random(total_parts * part - 1000, 3);
  write_file(dir.path / "r.bin", data);
  slow_down("PUT", "r.bin");
  canceller c;
  const modelarts::obs_transfer first(client, cancelling_after(4, c));
  BOOST_TEST(is_aborted(run_cancellable(first.upload_file(dir.path / "r.bin", "obs://bucket/r.bin"), c)));
  server.clear_faults();
  const auto listed = settled_parts("r.bin"); // kept for the resume
  BOOST_TEST(listed.size() >= 4u);
  BOOST_TEST(listed.size() < total_parts);
  BOOST_TEST(!object_exists("r.bin"));

  const auto puts_before = settled_requests("PUT", "r.bin");
  auto o = options();
  o.checkpoint_dir = dir.path / "ckpt";
  const modelarts::obs_transfer second(client, o);
  const auto result = run(second.upload_file(dir.path / "r.bin", "obs://bucket/r.bin"));
  BOOST_TEST(result.ok());
  BOOST_TEST(requests("PUT", "r.bin") - puts_before == total_parts - listed.size());
  BOOST_TEST(result.bytes_resumed == bytes_of(listed));
  BOOST_TEST(result.bytes_resumed + result.bytes_transferred == data.size());
  BOOST_TEST((run(client.obs().get_object("bucket", "r.bin")) == data));
  BOOST_TEST(uploads().empty());
  BOOST_TEST(names_in(dir.path / "ckpt").empty()); // the record is dropped once complete
}

BOOST_AUTO_TEST_CASE(the_service_part_list_is_trusted_when_the_journal_lost_its_lines) {
  const std::uint64_t total_parts = 12;
  const auto data = pseudo_random(total_parts * part, 4);
  write_file(dir.path / "j.bin", data);
  slow_down("PUT", "j.bin");
  canceller c;
  const modelarts::obs_transfer first(client, cancelling_after(3, c));
  BOOST_TEST(is_aborted(run_cancellable(first.upload_file(dir.path / "j.bin", "obs://bucket/j.bin"), c)));
  server.clear_faults();
  const auto listed = settled_parts("j.bin");
  forget_journals(dir.path / "ckpt"); // parts on the service the record does not know of

  const auto puts_before = settled_requests("PUT", "j.bin");
  auto o = options();
  o.checkpoint_dir = dir.path / "ckpt";
  const auto result = run(modelarts::obs_transfer(client, o).upload_file(dir.path / "j.bin", "obs://bucket/j.bin"));
  BOOST_TEST(result.ok());
  BOOST_TEST(requests("PUT", "j.bin") - puts_before == total_parts - listed.size());
  BOOST_TEST((run(client.obs().get_object("bucket", "j.bin")) == data));
}

BOOST_AUTO_TEST_CASE(a_local_file_changed_since_the_interruption_starts_afresh_and_aborts_the_stale_upload) {
  const std::uint64_t total_parts = 10;
  write_file(dir.path / "m.bin", pseudo_random(total_parts * part, 5));
  slow_down("PUT", "m.bin");
  canceller c;
  const modelarts::obs_transfer first(client, cancelling_after(2, c));
  BOOST_TEST(is_aborted(run_cancellable(first.upload_file(dir.path / "m.bin", "obs://bucket/m.bin"), c)));
  server.clear_faults();
  const auto stale = uploads();
  BOOST_REQUIRE(stale.size() == 1u);

  const auto changed = pseudo_random(total_parts * part, 6); // same size, other bytes
  write_file(dir.path / "m.bin", changed);
  fs::last_write_time(dir.path / "m.bin", fs::last_write_time(dir.path / "m.bin") + std::chrono::seconds(2));
  const auto puts_before = settled_requests("PUT", "m.bin");
  auto o = options();
  o.checkpoint_dir = dir.path / "ckpt";
  const auto result = run(modelarts::obs_transfer(client, o).upload_file(dir.path / "m.bin", "obs://bucket/m.bin"));
  BOOST_TEST(result.ok());
  BOOST_TEST(result.bytes_resumed == 0u);
  BOOST_TEST(requests("PUT", "m.bin") - puts_before == total_parts);
  BOOST_TEST((run(client.obs().get_object("bucket", "m.bin")) == changed));
  BOOST_TEST(uploads().empty()); // the stale upload was aborted
}

BOOST_AUTO_TEST_CASE(an_interrupted_download_resumes_and_fetches_only_the_missing_ranges) {
  const std::uint64_t total_ranges = 13;
  const auto data = pseudo_random(12 * part + 77, 7);
  run(client.obs().put_object("bucket", "d.bin", data));
  slow_down("GET", "d.bin");
  const auto out = dir.path / "out";
  canceller c;
  const modelarts::obs_transfer first(client, cancelling_after(4, c));
  BOOST_TEST(is_aborted(run_cancellable(first.download_file("obs://bucket/d.bin", out / "d.bin"), c)));
  server.clear_faults();
  // Nothing under the final name; the partial file is hidden beside it.
  const auto left = names_in(out);
  BOOST_REQUIRE(left.size() == 1u);
  BOOST_TEST(left.begin()->rfind(".d.bin.", 0) == 0u);
  BOOST_TEST(client.pool_stats().in_use == 0u);

  const auto ranges_done = c.last.parts_done;
  BOOST_TEST(ranges_done >= 4u);
  const auto gets_before = settled_requests("GET", "d.bin");
  auto o = options();
  o.checkpoint_dir = dir.path / "ckpt";
  const auto result = run(modelarts::obs_transfer(client, o).download_file("obs://bucket/d.bin", out / "d.bin"));
  BOOST_TEST(result.ok());
  BOOST_TEST(requests("GET", "d.bin") - gets_before == total_ranges - ranges_done);
  BOOST_TEST(result.bytes_resumed + result.bytes_transferred == data.size());
  BOOST_TEST((read_file(out / "d.bin") == data));
  BOOST_TEST((names_in(out) == std::set<std::string>{"d.bin"}));
  BOOST_TEST(names_in(dir.path / "ckpt").empty());
}

BOOST_AUTO_TEST_CASE(a_changed_object_fails_the_resumed_download_with_object_changed) {
  run(client.obs().put_object("bucket", "v.bin", pseudo_random(12 * part, 8)));
  slow_down("GET", "v.bin");
  const auto out = dir.path / "out";
  canceller c;
  const modelarts::obs_transfer first(client, cancelling_after(3, c));
  BOOST_TEST(is_aborted(run_cancellable(first.download_file("obs://bucket/v.bin", out / "v.bin"), c)));
  server.clear_faults();
  const auto second_version = pseudo_random(12 * part, 9);
  run(client.obs().put_object("bucket", "v.bin", second_version));

  auto o = options();
  o.checkpoint_dir = dir.path / "ckpt";
  const modelarts::obs_transfer again(client, o);
  try {
    run(again.download_file("obs://bucket/v.bin", out / "v.bin"));
    BOOST_FAIL("a changed object was resumed");
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == modelarts::errc::object_changed), e.what());
    BOOST_TEST(std::string(e.what()).find("obs://bucket/v.bin") != std::string::npos, e.what());
  }
  BOOST_TEST(names_in(out).empty()); // no mix of two versions, under any name
  BOOST_TEST(names_in(dir.path / "ckpt").empty());

  // The next run starts afresh with the new version.
  BOOST_TEST(run(again.download_file("obs://bucket/v.bin", out / "v.bin")).ok());
  BOOST_TEST((read_file(out / "v.bin") == second_version));
}

BOOST_AUTO_TEST_CASE(a_cancelled_download_without_checkpoint_leaves_no_file_at_all) {
  run(client.obs().put_object("bucket", "n.bin", pseudo_random(10 * part, 10)));
  slow_down("GET", "n.bin");
  const auto out = dir.path / "out";
  canceller c;
  const modelarts::obs_transfer transfer(client, cancelling_after(2, c, false));
  BOOST_TEST(is_aborted(run_cancellable(transfer.download_file("obs://bucket/n.bin", out / "n.bin"), c)));
  BOOST_TEST(names_in(out).empty());
  BOOST_TEST(client.pool_stats().in_use == 0u);
}

BOOST_AUTO_TEST_CASE(a_cancelled_folder_upload_stops_every_file) {
  for (int i = 0; i < 6; ++i) write_file(dir.path / "tree" / ("f" + std::to_string(i)), pseudo_random(4 * part, 20 + i));
  slow_down("PUT", "tree/");
  canceller c;
  const modelarts::obs_transfer transfer(client, cancelling_after(3, c, false));
  BOOST_TEST(is_aborted(run_cancellable(transfer.upload_folder(dir.path / "tree", "obs://bucket/"), c)));
  BOOST_TEST(uploads().empty());
  BOOST_TEST(client.pool_stats().in_use == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
