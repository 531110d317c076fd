#include "example_support.hpp"

#include <modelarts/modelarts.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <vector>

namespace example_support {
namespace {

namespace asio = boost::asio;

[[noreturn]] void usage(const transfer_wording& words, const std::string& problem) {
  std::cerr << words.program << ": " << problem << "\n"
            << "usage: " << words.program << " [--part-size BYTES] [--concurrency N] [--checkpoint-dir DIR] "
            << words.operands << "\n";
  std::exit(2);
}

std::uint64_t positive_number(const transfer_wording& words, const std::string& text, const char* what) {
  try {
    std::size_t used = 0;
    const auto value = std::stoull(text, &used);
    if (used == text.size() && value > 0) return value;
  } catch (const std::exception&) {
  }
  usage(words, std::string(what) + " must be a positive number, not '" + text + "'");
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

std::filesystem::path default_checkpoint_dir() {
  if (const char* dir = std::getenv("MODELARTS_TRANSFER_CHECKPOINT_DIR"); dir != nullptr && *dir != '\0') return dir;
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache != '\0')
    return std::filesystem::path(cache) / "modelarts" / "transfer";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".cache" / "modelarts" / "transfer";
  return std::filesystem::temp_directory_path() / "modelarts-transfer";
}

transfer_command parse_transfer_command(int argc, char** argv, const transfer_wording& words) {
  transfer_command c;
  c.options.checkpoint_dir = default_checkpoint_dir();
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(words, arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--part-size") c.options.part_size = positive_number(words, value(), "--part-size");
    else if (arg == "--concurrency") c.options.concurrency = positive_number(words, value(), "--concurrency");
    else if (arg == "--checkpoint-dir") c.options.checkpoint_dir = value();
    else if (arg.rfind("--", 0) == 0) usage(words, "unknown option " + arg);
    else positional.push_back(arg);
  }
  if (positional.size() != 2) usage(words, std::string(words.expected));
  c.source = positional[0];
  c.destination = positional[1];
  return c;
}

int run_transfer(transfer_command command, const transfer_wording& words) {
  progress_line line;
  modelarts::obs::transfer_progress last_progress;
  command.options.on_progress = [&](const modelarts::obs::transfer_progress& p) {
    last_progress = p;
    line.show(p);
  };
  try {
    asio::io_context io;
    const auto client = modelarts::client::from_environment(io.get_executor());
    const modelarts::obs_transfer transfer(client, command.options);

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
    asio::co_spawn(io, transfer.copy(command.source, command.destination),
                   asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, modelarts::obs::transfer_result r) {
                     failure = e;
                     if (!e) result = std::move(r);
                     signals.cancel();
                   }));
    io.run();
    line.show(last_progress, true);
    if (interrupted) {
      std::cerr << words.program << ": interrupted; run the same command again to resume\n";
      return 130;
    }
    if (failure) std::rethrow_exception(failure);
    if (result->files_transferred == 0 && result->failures.empty()) {
      std::cerr << words.program << ": " << words.nothing << ' ' << command.source << '\n';
      return 1;
    }
    for (const auto& f : result->failures)
      std::cerr << words.program << ": FAILED " << f.source << (f.destination.empty() ? "" : " -> " + f.destination)
                << ": " << f.message << '\n';
    std::cout << words.done << ' ' << result->files_transferred << " file(s): " << result->bytes_transferred << ' '
              << words.moved << ", " << result->bytes_resumed << " bytes already there from an earlier run\n";
    return result->ok() ? 0 : 1;
  } catch (const modelarts::api_error& e) {
    std::cerr << words.program << ": " << e << '\n';
  } catch (const std::exception& e) {
    std::cerr << words.program << ": " << e.what() << '\n';
  }
  return 1;
}

} // namespace example_support
