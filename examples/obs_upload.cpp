// Uploads a local file or folder to OBS, in parallel parts, and resumes when
// run again after an interruption (Ctrl-C, a lost connection, a killed
// process). Everything comes from the environment (see README.md,
// "Configuration"), so the same binary talks to the cloud or to the emulator:
//
//   export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=...
//   export MODELARTS_REGION=cn-north-4        # or MODELARTS_OBS_ENDPOINT=https://...
//   export MODELARTS_CA_FILE=/path/ca.pem     # only for a private CA
//   ./obs_upload ./model.bin obs://bucket/models/     # → models/model.bin
//   ./obs_upload ./dataset   obs://bucket/data/       # → data/dataset/...
//
// A destination ending with '/' is a folder; a file uploaded to one that
// does not is stored under exactly that name. Resume records are kept in
// $MODELARTS_TRANSFER_CHECKPOINT_DIR, else $XDG_CACHE_HOME/modelarts/transfer,
// else ~/.cache/modelarts/transfer.
//
// Options: --part-size BYTES  --concurrency N  --checkpoint-dir DIR
#include <modelarts/modelarts.hpp>
#include <modelarts/obs/transfer.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace asio = boost::asio;

namespace {

struct arguments {
  std::string source;
  std::string destination;
  modelarts::obs::transfer_options options;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "obs_upload: " << problem << "\n"
            << "usage: obs_upload [--part-size BYTES] [--concurrency N] [--checkpoint-dir DIR] "
               "<local file or folder> <obs://bucket/prefix>\n";
  std::exit(2);
}

std::filesystem::path default_checkpoint_dir() {
  if (const char* dir = std::getenv("MODELARTS_TRANSFER_CHECKPOINT_DIR"); dir != nullptr && *dir != '\0') return dir;
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache != '\0')
    return std::filesystem::path(cache) / "modelarts" / "transfer";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".cache" / "modelarts" / "transfer";
  return std::filesystem::temp_directory_path() / "modelarts-transfer";
}

std::uint64_t positive_number(const std::string& text, const char* what) {
  try {
    std::size_t used = 0;
    const auto value = std::stoull(text, &used);
    if (used == text.size() && value > 0) return value;
  } catch (const std::exception&) {
  }
  usage(std::string(what) + " must be a positive number, not '" + text + "'");
}

arguments parse(int argc, char** argv) {
  arguments a;
  a.options.checkpoint_dir = default_checkpoint_dir();
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--part-size") a.options.part_size = positive_number(value(), "--part-size");
    else if (arg == "--concurrency") a.options.concurrency = positive_number(value(), "--concurrency");
    else if (arg == "--checkpoint-dir") a.options.checkpoint_dir = value();
    else if (arg.rfind("--", 0) == 0) usage("unknown option " + arg);
    else positional.push_back(arg);
  }
  if (positional.size() != 2) usage("expected a local path and an obs:// destination");
  a.source = positional[0];
  a.destination = positional[1];
  return a;
}

std::string mib(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

/// One line, rewritten in place on a terminal, every 200 ms at most (and at the end).
class progress_line {
public:
  void show(const modelarts::obs::transfer_progress& p, bool last = false) {
    const auto now = std::chrono::steady_clock::now();
    if (!last && now - shown_ < std::chrono::milliseconds(tty_ ? 200 : 2000)) return;
    shown_ = now;
    // Sizes of objects to download are learnt as they start: no total yet is 0%.
    const bool all_done = p.files_total > 0 && p.files_done == p.files_total;
    const double percent = p.bytes_total == 0 ? (all_done ? 100.0 : 0.0)
                                              : 100.0 * static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total);
    std::fprintf(stderr, "%s%5.1f%%  %s / %s  %zu/%zu files  %s/s%s", tty_ ? "\r" : "", percent,
                 mib(p.bytes_done).c_str(), mib(p.bytes_total).c_str(), p.files_done, p.files_total,
                 mib(static_cast<std::uint64_t>(p.bytes_per_second)).c_str(), tty_ ? "   " : "\n");
    if (last && tty_) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

private:
  bool tty_ = ::isatty(STDERR_FILENO) != 0;
  std::chrono::steady_clock::time_point shown_{};
};

} // namespace

int main(int argc, char** argv) {
  auto args = parse(argc, argv);
  progress_line line;
  modelarts::obs::transfer_progress last_progress;
  args.options.on_progress = [&](const modelarts::obs::transfer_progress& p) {
    last_progress = p;
    line.show(p);
  };
  try {
    asio::io_context io;
    const auto client = modelarts::client::from_environment(io.get_executor());
    const modelarts::obs_transfer transfer(client, args.options);

    // Ctrl-C or SIGTERM: stop cleanly (the resume record stays), exit 130.
    asio::cancellation_signal cancel;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    bool interrupted = false;
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      interrupted = true;
      cancel.emit(asio::cancellation_type::terminal);
    });

    std::optional<modelarts::obs::transfer_result> result;
    std::exception_ptr failure;
    asio::co_spawn(io, transfer.copy(args.source, args.destination),
                   asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, modelarts::obs::transfer_result r) {
                     failure = e;
                     if (!e) result = std::move(r);
                     signals.cancel();
                   }));
    io.run();
    line.show(last_progress, true);
    if (interrupted) {
      std::cerr << "obs_upload: interrupted; run the same command again to resume\n";
      return 130;
    }
    if (failure) std::rethrow_exception(failure);
    if (result->files_transferred == 0 && result->failures.empty()) {
      std::cerr << "obs_upload: nothing to upload: no file under " << args.source << '\n';
      return 1;
    }
    for (const auto& f : result->failures)
      std::cerr << "obs_upload: FAILED " << f.source << (f.destination.empty() ? "" : " -> " + f.destination) << ": "
                << f.message << '\n';
    std::cout << "uploaded " << result->files_transferred << " file(s): " << result->bytes_transferred
              << " bytes sent, " << result->bytes_resumed << " bytes already there from an earlier run\n";
    return result->ok() ? 0 : 1;
  } catch (const modelarts::api_error& e) {
    std::cerr << "obs_upload: " << e << '\n';
  } catch (const std::exception& e) {
    std::cerr << "obs_upload: " << e.what() << '\n';
  }
  return 1;
}
