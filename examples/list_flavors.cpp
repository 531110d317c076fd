// Lists the training flavors of a project. Everything comes from the
// environment (see README.md, "Configuration"), so the same binary talks to
// the cloud or to the bundled emulator:
//
//   export MODELARTS_REGION=cn-north-4 MODELARTS_PROJECT_ID=...
//   export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=...
//   ./list_flavors [CPU|GPU|Ascend]
#include <modelarts/modelarts.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

namespace asio = boost::asio;

asio::awaitable<void> list(modelarts::client client, std::optional<std::string> type) {
  const auto flavors = co_await client.training().list_flavors(type);
  std::printf("%-36s %-7s %5s %8s %10s  %s\n", "flavor_id", "type", "cpus", "max_num", "memory", "name");
  for (const auto& f : flavors) {
    const std::string memory =
        f.info.memory ? std::to_string(static_cast<long long>(f.info.memory->size)) + " " + f.info.memory->unit : "-";
    std::printf("%-36s %-7s %5d %8d %10s  %s\n", f.flavor_id.c_str(), f.flavor_type.c_str(), f.info.cpu_core_num,
                f.info.max_num, memory.c_str(), f.flavor_name.c_str());
  }
  std::printf("%zu flavor(s)\n", flavors.size());
}

int main(int argc, char** argv) {
  std::optional<std::string> type;
  if (argc > 1) type = argv[1];
  try {
    asio::io_context io;
    auto client = modelarts::client::from_environment(io.get_executor());
    std::exception_ptr failure;
    asio::co_spawn(io, list(client, type), [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure) std::rethrow_exception(failure);
    return 0;
  } catch (const modelarts::api_error& e) {
    std::cerr << "list_flavors: " << e << '\n';
  } catch (const std::exception& e) {
    std::cerr << "list_flavors: " << e.what() << '\n';
  }
  return 1;
}
