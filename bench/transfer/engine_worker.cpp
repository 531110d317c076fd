#include "engine_worker.hpp"

#include <modelarts/client.hpp>
#include <modelarts/error.hpp>
#include <modelarts/obs/transfer.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace modelarts::bench {
namespace {

namespace asio = boost::asio;

std::uint64_t positive_number(const std::string& text, const std::string& flag) {
  std::size_t used = 0;
  const auto value = std::stoull(text, &used);
  if (used != text.size() || value == 0) throw std::invalid_argument(flag + " needs a positive number");
  return value;
}

} // namespace

int run_engine_worker(int argc, char** argv) {
  try {
    std::vector<std::string> positional;
    obs::transfer_options options;
    for (int i = 2; i < argc; ++i) {
      const std::string arg = argv[i];
      const auto value = [&] {
        if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
        return std::string(argv[++i]);
      };
      if (arg == "--part-size") options.part_size = positive_number(value(), arg);
      else if (arg == "--concurrency") options.concurrency = positive_number(value(), arg);
      else if (arg == "--no-md5") options.verify_md5 = false;
      else positional.push_back(arg);
    }
    if (positional.size() != 3) throw std::invalid_argument("worker: expected a mode, a source and a destination");
    const auto& mode = positional[0];
    const auto& source = positional[1];
    const auto& destination = positional[2];

    if (mode != "upload" && mode != "download" && mode != "folder")
      throw std::invalid_argument("worker: unknown mode " + mode);

    asio::io_context io;
    const auto client = modelarts::client::from_environment(io.get_executor());
    const obs_transfer transfer(client, options);
    auto call = mode == "upload"     ? transfer.upload_file(source, destination)
                : mode == "download" ? transfer.download_file(source, destination)
                                     : transfer.upload_folder(source, destination);

    std::optional<obs::transfer_result> result;
    std::exception_ptr failure;
    const auto started = std::chrono::steady_clock::now();
    std::chrono::duration<double> elapsed{};
    asio::co_spawn(io, std::move(call), [&](std::exception_ptr e, obs::transfer_result r) {
      elapsed = std::chrono::steady_clock::now() - started;
      failure = e;
      if (!e) result = std::move(r);
      // Idle pooled connections would keep the context busy until they expire.
      io.stop();
    });
    io.run();
    if (failure) std::rethrow_exception(failure);

    for (const auto& f : result->failures)
      std::cerr << "worker: FAILED " << f.source << " -> " << f.destination << ": " << f.message << '\n';
    std::printf("elapsed_s=%.6f bytes=%llu files=%zu failures=%zu\n", elapsed.count(),
                static_cast<unsigned long long>(result->bytes_transferred), result->files_transferred,
                result->failures.size());
    return result->ok() ? 0 : 1;
  } catch (const modelarts::api_error& e) {
    std::cerr << "worker: " << e << '\n';
  } catch (const std::exception& e) {
    std::cerr << "worker: " << e.what() << '\n';
  }
  return 1;
}

} // namespace modelarts::bench
