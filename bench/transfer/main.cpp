// bench/transfer: OBS transfers through the SDK's transfer engine against
// curl, to the same emulator over HTTPS on loopback, in one run:
//   - a large file (1 GiB) uploaded with obs_transfer::upload_file (parallel
//     multipart) and with `curl -T` (one PUT to a presigned URL);
//   - that object downloaded with obs_transfer::download_file (parallel
//     ranged GETs) and with `curl` (one GET of a presigned URL), each copy
//     compared byte for byte with the original;
//   - a folder of small files (2,000 × 64 KiB) uploaded with upload_folder
//     and with a loop of `curl -T`, one process per file.
// The emulator, our engine (this program re-executed with --worker) and curl
// each run as a process of their own, so each one's peak RSS is its own.
//
//   transfer [--size-mib N] [--files N] [--file-kib N] [--part-mib N]
//            [--concurrency N] [--rounds N] [--work-dir DIR] [--emulator PATH]
//            [--curl PATH] [--no-md5]
//
// Ends with:
//   BENCH transfer up_mbps=… curl_up_mbps=… up_vs_curl=… down_mbps=… curl_down_mbps=…
//         down_vs_curl=… folder_files_per_s=… curl_loop_files_per_s=… folder_vs_curl=…
//         peak_rss_mib=… budget_mib=… part_mib=… concurrency=…
#include "bench_bucket.hpp"
#include "emulator_process.hpp"
#include "engine_worker.hpp"
#include "measured_command.hpp"
#include "test_data.hpp"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#ifndef MODELARTS_BENCH_EMULATOR
#define MODELARTS_BENCH_EMULATOR "modelarts-emulator"
#endif
#ifndef MODELARTS_BENCH_RSS_PROBE
#define MODELARTS_BENCH_RSS_PROBE "transfer_rss_probe"
#endif

namespace {

using namespace modelarts::bench;
namespace fs = std::filesystem;

constexpr std::uint64_t mib = 1024 * 1024;

struct arguments {
  std::uint64_t size_mib = 1024;
  std::size_t files = 2000;
  std::size_t file_kib = 64;
  std::uint64_t part_mib = 8;
  std::uint64_t concurrency = 8;
  unsigned rounds = 3;
  fs::path work_dir; // empty: /dev/shm when it has room, else the temporary folder
  fs::path emulator = MODELARTS_BENCH_EMULATOR;
  std::string curl = "curl";
  bool verify_md5 = true;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "transfer: " << problem << "\n"
            << "usage: transfer [--size-mib N] [--files N] [--file-kib N] [--part-mib N] [--concurrency N]\n"
               "                [--rounds N] [--work-dir DIR] [--emulator PATH] [--curl PATH] [--no-md5]\n";
  std::exit(2);
}

std::uint64_t number(std::string_view flag, const char* text, bool zero_allowed = false) {
  char* end = nullptr;
  const auto value = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || (value == 0 && !zero_allowed))
    usage(std::string(flag) + (zero_allowed ? " needs a number" : " needs a positive number"));
  return value;
}

arguments parse(int argc, char** argv) {
  arguments a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--no-md5") {
      a.verify_md5 = false;
      continue;
    }
    if (i + 1 >= argc) usage("missing value after " + std::string(flag));
    const char* value = argv[++i];
    if (flag == "--size-mib") a.size_mib = number(flag, value);
    else if (flag == "--files") a.files = number(flag, value, true);
    else if (flag == "--file-kib") a.file_kib = number(flag, value);
    else if (flag == "--part-mib") a.part_mib = number(flag, value);
    else if (flag == "--concurrency") a.concurrency = number(flag, value);
    else if (flag == "--rounds") a.rounds = static_cast<unsigned>(number(flag, value));
    else if (flag == "--work-dir") a.work_dir = value;
    else if (flag == "--emulator") a.emulator = value;
    else if (flag == "--curl") a.curl = value;
    else usage("unknown argument " + std::string(flag));
  }
  if (a.file_kib > 1024) usage("--file-kib is at most 1024");
  return a;
}

volatile std::sig_atomic_t interrupted = 0;

void throw_if_interrupted() {
  if (interrupted != 0) throw std::runtime_error("interrupted");
}

/// Everything the run writes; removed at the end whatever happens.
class work_folder {
public:
  explicit work_folder(const fs::path& base) : path_(base / ("modelarts-bench-transfer-" + std::to_string(getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~work_folder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  work_folder(const work_folder&) = delete;
  work_folder& operator=(const work_folder&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

private:
  fs::path path_;
};

/// /dev/shm (tmpfs: no disk writeback stalls, see emulator/README.md) when
/// it has room for the copies the run holds at once, else the temporary folder.
fs::path choose_base_folder(const arguments& args) {
  if (!args.work_dir.empty()) return args.work_dir;
  // The source, two stored objects, one download, the small files twice and slack.
  const std::uint64_t needed =
      4 * args.size_mib * mib + 3 * static_cast<std::uint64_t>(args.files) * args.file_kib * 1024 + 256 * mib;
  std::error_code ec;
  const auto shm = fs::space("/dev/shm", ec);
  if (!ec && shm.available > needed && access("/dev/shm", W_OK) == 0) return "/dev/shm";
  return fs::temp_directory_path();
}

/// One measured run of one side: a process or, for the curl loop, the sum of many.
struct sample {
  bool ok = false;
  std::string problem;
  double wall_seconds = 0;      ///< the process(es), start to exit
  double inner_seconds = 0;     ///< the transfer alone, as the process timed it
  double cpu_seconds = 0;       ///< the client process(es)
  double emulator_cpu_seconds = 0;
  std::uint64_t peak_rss_kib = 0;
};

/// The best sample of one side of one step over the rounds.
struct side {
  explicit side(std::string side_name) : name(std::move(side_name)) {}

  std::string name;
  std::optional<sample> best;
  std::vector<double> round_walls;
  std::uint64_t peak_rss_kib = 0; ///< over every round
  std::string problem;            ///< first failure, if any round failed

  void add(const sample& s) {
    peak_rss_kib = std::max(peak_rss_kib, s.peak_rss_kib);
    if (!s.ok) {
      if (problem.empty()) problem = s.problem;
      round_walls.push_back(0);
      return;
    }
    round_walls.push_back(s.wall_seconds);
    if (!best || s.wall_seconds < best->wall_seconds) best = s;
  }
  [[nodiscard]] bool ok() const { return best.has_value() && problem.empty(); }
  /// Units per second of the best round, 0 when any round failed.
  [[nodiscard]] double rate(double units) const { return ok() ? units / best->wall_seconds : 0; }
};

/// `name=value` from a line like `elapsed_s=1.5 bytes=...`.
double field_of(const std::string& text, std::string_view name) {
  const auto at = text.find(std::string(name) + "=");
  if (at == std::string::npos) return 0;
  return std::strtod(text.c_str() + at + name.size() + 1, nullptr);
}

class transfer_bench {
public:
  transfer_bench(arguments args, const work_folder& work, emulator_process& emulator, bench_bucket& bucket)
      : args_(std::move(args)), work_(work.path()), emulator_(emulator), bucket_(bucket),
        runner_(fs::path(MODELARTS_BENCH_RSS_PROBE), work_ / "probe"), self_(fs::read_symlink("/proc/self/exe")),
        ca_file_(emulator.environment().at("MODELARTS_CA_FILE")) {}

  int run();

private:
  [[nodiscard]] std::vector<std::string> worker(std::string mode, std::string source, std::string destination) const {
    std::vector<std::string> argv{self_.string(), "--worker", std::move(mode), std::move(source), std::move(destination),
                                  "--part-size", std::to_string(args_.part_mib * mib), "--concurrency",
                                  std::to_string(args_.concurrency)};
    if (!args_.verify_md5) argv.emplace_back("--no-md5");
    return argv;
  }
  /// curl as a user would call it, TLS verified against the emulator's CA;
  /// it prints its own transfer time.
  [[nodiscard]] std::vector<std::string> curl(std::vector<std::string> rest) const {
    std::vector<std::string> argv{args_.curl, "-sS", "--fail", "--cacert", ca_file_.string(), "-w", "%{time_total}\n"};
    argv.insert(argv.end(), rest.begin(), rest.end());
    return argv;
  }

  sample measure(const std::vector<std::string>& argv, bool inner_from_curl) {
    throw_if_interrupted();
    const double emulator_before = emulator_.cpu_seconds();
    const auto cost = runner_.run(argv);
    sample s;
    s.emulator_cpu_seconds = emulator_.cpu_seconds() - emulator_before;
    s.wall_seconds = cost.wall_seconds;
    s.cpu_seconds = cost.cpu_seconds;
    s.peak_rss_kib = cost.peak_rss_kib;
    s.inner_seconds = inner_from_curl ? std::strtod(cost.output.c_str(), nullptr) : field_of(cost.output, "elapsed_s");
    s.ok = cost.succeeded();
    if (!s.ok) s.problem = fs::path(argv.front()).filename().string() + " ended with " + cost.status_text();
    throw_if_interrupted();
    return s;
  }

  /// The stored object's ETag must be what its bytes give.
  void check_object(sample& s, const std::string& key, const large_test_file& file) {
    if (!s.ok) return;
    const auto stored = bucket_.head(key);
    const bool multipart = stored && stored->etag.find('-') != std::string::npos;
    const auto& expected = multipart ? file.multipart_etag : file.md5;
    if (!stored || stored->size != file.size || stored->etag != expected) {
      s.ok = false;
      s.problem = "stored object " + key + " is not the file: " +
                  (stored ? "size " + std::to_string(stored->size) + ", ETag " + stored->etag : "missing") +
                  "; expected size " + std::to_string(file.size) + ", ETag " + expected;
    }
  }

  void check_download(sample& s, const fs::path& copy, const large_test_file& file) {
    if (s.ok) {
      if (const auto at = first_difference(file.path, copy)) {
        s.ok = false;
        s.problem = "downloaded file differs from the original at byte " + std::to_string(*at);
      }
    }
    std::error_code ignored;
    fs::remove(copy, ignored);
  }

  void check_folder(sample& s, const std::string& prefix, const std::vector<small_test_file>& files) {
    if (!s.ok) return;
    const auto stored = bucket_.list(prefix);
    std::size_t wrong = 0;
    std::string first;
    for (const auto& f : files) {
      const auto it = stored.find(prefix + f.name);
      if (it == stored.end() || it->second.etag != f.md5 || it->second.size != args_.file_kib * 1024) {
        if (wrong++ == 0) first = prefix + f.name + (it == stored.end() ? " missing" : " has ETag " + it->second.etag);
      }
    }
    if (wrong > 0 || stored.size() != files.size()) {
      s.ok = false;
      s.problem = std::to_string(wrong) + " of " + std::to_string(files.size()) + " files wrong under " + prefix +
                  " (" + std::to_string(stored.size()) + " objects; first: " + first + ")";
    }
  }

  void run_large_file_rounds(const large_test_file& file);
  void run_folder(const std::vector<small_test_file>& files, const fs::path& folder);
  void print_report(const large_test_file& file) const;

  arguments args_;
  fs::path work_;
  emulator_process& emulator_;
  bench_bucket& bucket_;
  command_runner runner_;
  fs::path self_;
  fs::path ca_file_;

  side up_ours_{"modelarts-cpp"};
  side up_curl_{"curl -T"};
  side down_ours_{"modelarts-cpp"};
  side down_curl_{"curl"};
  side folder_ours_{"modelarts-cpp"};
  side folder_curl_{"curl -T loop"};
};

void transfer_bench::run_large_file_rounds(const large_test_file& file) {
  const std::string key_ours = "large/ours.bin";
  const std::string key_curl = "large/curl.bin";
  const auto copy_ours = work_ / "download" / "ours.bin";
  const auto copy_curl = work_ / "download" / "curl.bin";
  fs::create_directories(copy_ours.parent_path());

  const auto upload_ours = [&] {
    auto s = measure(worker("upload", file.path.string(), bucket_.url_of(key_ours)), false);
    check_object(s, key_ours, file);
    up_ours_.add(s);
  };
  const auto upload_curl = [&] {
    auto s = measure(curl({"-o", "/dev/null", "-T", file.path.string(), bucket_.presigned("PUT", key_curl)}), true);
    check_object(s, key_curl, file);
    up_curl_.add(s);
  };
  // Both download the object our engine uploaded (checked above).
  const auto download_ours = [&] {
    auto s = measure(worker("download", bucket_.url_of(key_ours), copy_ours.string()), false);
    check_download(s, copy_ours, file);
    down_ours_.add(s);
  };
  const auto download_curl = [&] {
    auto s = measure(curl({"-o", copy_curl.string(), bucket_.presigned("GET", key_ours)}), true);
    check_download(s, copy_curl, file);
    down_curl_.add(s);
  };

  for (unsigned round = 0; round < args_.rounds; ++round) {
    // Each round starts with the other side, so a load change hits both alike.
    const bool ours_first = round % 2 == 0;
    for (const auto& step : ours_first ? std::vector<std::function<void()>>{upload_ours, upload_curl}
                                       : std::vector<std::function<void()>>{upload_curl, upload_ours})
      step();
    if (!up_ours_.ok()) break; // nothing right to download
    for (const auto& step : ours_first ? std::vector<std::function<void()>>{download_ours, download_curl}
                                       : std::vector<std::function<void()>>{download_curl, download_ours})
      step();
    const auto last_mbps = [&](const side& s) {
      const double wall = s.round_walls.empty() ? 0.0 : s.round_walls.back();
      return wall > 0 ? static_cast<double>(file.size) / wall / 1e6 : 0.0;
    };
    std::fprintf(stderr, "round %u: upload %.0f / %.0f MB/s, download %.0f / %.0f MB/s (modelarts-cpp / curl)\n",
                 round + 1, last_mbps(up_ours_), last_mbps(up_curl_), last_mbps(down_ours_), last_mbps(down_curl_));
  }
  bucket_.remove(key_curl);
}

void transfer_bench::run_folder(const std::vector<small_test_file>& files, const fs::path& folder) {
  // upload_folder keeps the folder's last component: folder/ours/<dataset>/<file>.
  const std::string prefix_ours = "folder/ours/" + folder.filename().string() + "/";
  auto ours = measure(worker("folder", folder.string(), bucket_.url_of("folder/ours/")), false);
  check_folder(ours, prefix_ours, files);
  folder_ours_.add(ours);

  // One curl process per file, as a shell loop would run them; the URLs are
  // presigned beforehand, so the loop times curl alone.
  const std::string prefix_curl = "folder/curl/";
  std::vector<std::string> urls;
  urls.reserve(files.size());
  for (const auto& f : files) urls.push_back(bucket_.presigned("PUT", prefix_curl + f.name));
  sample loop;
  loop.ok = true;
  for (std::size_t i = 0; i < files.size() && loop.ok; ++i) {
    const auto s = measure(curl({"-o", "/dev/null", "-T", (folder / files[i].name).string(), urls[i]}), true);
    loop.ok = s.ok;
    loop.problem = s.problem;
    loop.wall_seconds += s.wall_seconds;
    loop.inner_seconds += s.inner_seconds;
    loop.cpu_seconds += s.cpu_seconds;
    loop.emulator_cpu_seconds += s.emulator_cpu_seconds;
    loop.peak_rss_kib = std::max(loop.peak_rss_kib, s.peak_rss_kib);
  }
  check_folder(loop, prefix_curl, files);
  folder_curl_.add(loop);
}

std::string goal_text(bool met) { return met ? "met" : "MISSED"; }

void print_row(const char* step, const side& s, double units, const char* unit) {
  if (!s.best) {
    std::printf("%-9s %-14s FAILED: %s\n", step, s.name.c_str(), s.problem.empty() ? "not run" : s.problem.c_str());
    return;
  }
  const auto& b = *s.best;
  std::printf("%-9s %-14s %9.1f %-7s %8.3f %8.3f %8.2f %8.2f %9.1f  %s\n", step, s.name.c_str(), units / b.wall_seconds,
              unit, b.wall_seconds, b.inner_seconds, b.cpu_seconds, b.emulator_cpu_seconds,
              static_cast<double>(s.peak_rss_kib) / 1024.0, s.ok() ? "ok" : ("FAILED: " + s.problem).c_str());
}

void transfer_bench::print_report(const large_test_file& file) const {
  const double size = static_cast<double>(file.size);
  const double megabytes = size / 1e6;
  const double files = static_cast<double>(args_.files);
  std::printf("\nbench/transfer: HTTPS on loopback to modelarts-emulator (pid-separate), best of %u round(s) for the "
              "large file\n",
              args_.rounds);
  std::printf("large file %.0f MiB; our engine: part size %llu MiB, concurrency %llu, Content-MD5 %s; "
              "folder %zu × %zu KiB\n\n",
              size / static_cast<double>(mib), static_cast<unsigned long long>(args_.part_mib),
              static_cast<unsigned long long>(args_.concurrency), args_.verify_md5 ? "on" : "off", args_.files,
              args_.file_kib);
  std::printf("%-9s %-14s %9s %-7s %8s %8s %8s %8s %9s  %s\n", "step", "client", "rate", "", "wall s", "inner s",
              "cpu s", "emu cpu", "peak RSS", "check");
  print_row("upload", up_ours_, megabytes, "MB/s");
  print_row("upload", up_curl_, megabytes, "MB/s");
  print_row("download", down_ours_, megabytes, "MB/s");
  print_row("download", down_curl_, megabytes, "MB/s");
  if (args_.files > 0) {
    print_row("folder", folder_ours_, files, "files/s");
    print_row("folder", folder_curl_, files, "files/s");
  }
  std::printf("\nwall s: the client process from start to exit (what the rate is from); inner s: the transfer as the "
              "process timed it\n(curl's time_total); cpu s: the client process; emu cpu: the emulator during that "
              "run; peak RSS: MiB, worst round.\nemulator peak RSS %.1f MiB.\n\n",
              static_cast<double>(emulator_.peak_rss_kib()) / 1024.0);

  const double up = up_ours_.rate(megabytes);
  const double curl_up = up_curl_.rate(megabytes);
  const double down = down_ours_.rate(megabytes);
  const double curl_down = down_curl_.rate(megabytes);
  const double folder = folder_ours_.rate(files);
  const double curl_loop = folder_curl_.rate(files);
  const auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  const double peak_rss = static_cast<double>(std::max({up_ours_.peak_rss_kib, down_ours_.peak_rss_kib,
                                                        folder_ours_.peak_rss_kib})) / 1024.0;
  const double budget = static_cast<double>(args_.concurrency * args_.part_mib + 32);

  std::printf("goal upload   >= 1.0x curl:       %5.2fx  %s\n", ratio(up, curl_up), goal_text(ratio(up, curl_up) >= 1.0).c_str());
  std::printf("goal download >= 1.0x curl:       %5.2fx  %s\n", ratio(down, curl_down),
              goal_text(ratio(down, curl_down) >= 1.0).c_str());
  if (args_.files > 0)
    std::printf("goal folder   >= 5x curl loop:    %5.2fx  %s\n", ratio(folder, curl_loop),
                goal_text(ratio(folder, curl_loop) >= 5.0).c_str());
  std::printf("goal peak RSS <= %llu x %llu MiB + 32 MiB = %.0f MiB: %.1f MiB (upload %.1f, download %.1f, folder %.1f)  %s\n",
              static_cast<unsigned long long>(args_.concurrency), static_cast<unsigned long long>(args_.part_mib), budget,
              peak_rss, static_cast<double>(up_ours_.peak_rss_kib) / 1024.0,
              static_cast<double>(down_ours_.peak_rss_kib) / 1024.0, static_cast<double>(folder_ours_.peak_rss_kib) / 1024.0,
              goal_text(peak_rss <= budget).c_str());
  std::printf("curl peak RSS: upload %.1f MiB, download %.1f MiB, loop %.1f MiB\n\n",
              static_cast<double>(up_curl_.peak_rss_kib) / 1024.0, static_cast<double>(down_curl_.peak_rss_kib) / 1024.0,
              static_cast<double>(folder_curl_.peak_rss_kib) / 1024.0);

  std::printf("BENCH transfer up_mbps=%.1f curl_up_mbps=%.1f up_vs_curl=%.2f down_mbps=%.1f curl_down_mbps=%.1f "
              "down_vs_curl=%.2f folder_files_per_s=%.1f curl_loop_files_per_s=%.1f folder_vs_curl=%.2f "
              "peak_rss_mib=%.1f budget_mib=%.0f part_mib=%llu concurrency=%llu\n",
              up, curl_up, ratio(up, curl_up), down, curl_down, ratio(down, curl_down), folder, curl_loop,
              ratio(folder, curl_loop), peak_rss, budget, static_cast<unsigned long long>(args_.part_mib),
              static_cast<unsigned long long>(args_.concurrency));
  std::fflush(stdout);
}

int transfer_bench::run() {
  bucket_.create();
  std::fprintf(stderr, "writing a %llu MiB test file under %s...\n", static_cast<unsigned long long>(args_.size_mib),
               work_.c_str());
  const auto file = write_large_file(work_ / "data" / "large.bin", args_.size_mib * mib, args_.part_mib * mib);
  run_large_file_rounds(file);
  fs::remove(file.path);

  if (args_.files > 0) {
    const auto folder = work_ / "data" / "dataset";
    std::fprintf(stderr, "writing %zu files of %zu KiB...\n", args_.files, args_.file_kib);
    const auto files = write_small_files(folder, args_.files, args_.file_kib * 1024);
    std::fprintf(stderr, "folder upload...\n");
    run_folder(files, folder);
  }

  print_report(file);
  const bool all_ok = up_ours_.ok() && up_curl_.ok() && down_ours_.ok() && down_curl_.ok() &&
                      (args_.files == 0 || (folder_ours_.ok() && folder_curl_.ok()));
  return all_ok ? 0 : 1;
}

/// Loopback must not go through a proxy, for curl or for the SDK.
void drop_proxy_settings() {
  for (const char* name : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"})
    unsetenv(name);
}

} // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "--worker") return run_engine_worker(argc, argv);
  const auto args = parse(argc, argv);

  struct sigaction on_stop {};
  on_stop.sa_handler = [](int) { interrupted = 1; };
  sigaction(SIGINT, &on_stop, nullptr);
  sigaction(SIGTERM, &on_stop, nullptr);

  try {
    drop_proxy_settings();
    const work_folder work(choose_base_folder(args));
    // Started first, while this process is small, so the emulator's figures
    // carry nothing of ours.
    emulator_process emulator(args.emulator, work.path() / "emulator");
    for (const auto& [name, value] : emulator.environment()) setenv(name.c_str(), value.c_str(), 1);
    bench_bucket bucket("bench-transfer");
    transfer_bench bench(args, work, emulator, bucket);
    return bench.run();
  } catch (const std::exception& e) {
    std::cerr << "transfer: " << e.what() << '\n';
    return 1;
  }
}
