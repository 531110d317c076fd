// modelarts::emulator::server: puts the state, the routes, the certificates
// and the listener together.
#include "modelarts/emulator/emulator.hpp"

#include "certificate.hpp"
#include "emulator_state.hpp"
#include "listener.hpp"
#include "obs_address.hpp"
#include "router.hpp"
#include "routes.hpp"

#include "auth/crypto.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace modelarts::emulator {

namespace {

std::filesystem::path make_temporary_folder() {
  std::string suffix(8, '\0');
  auth::random_bytes(suffix.data(), suffix.size());
  auto dir = std::filesystem::temp_directory_path() / ("modelarts-emulator-" + auth::hex_lower(suffix));
  std::filesystem::create_directories(dir);
  return dir;
}

/// Written to a temporary name and renamed, so a client polling for the file
/// never reads half of it.
void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  auto temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + temporary.string());
  }
  std::filesystem::rename(temporary, path);
}

bool is_loopback_or_any(std::string_view address) {
  return address == "127.0.0.1" || address == "0.0.0.0" || address == "localhost" ||
         address == "::1" || address == "::";
}

/// A certificate just for `name` when it is an OBS base host or
/// `{bucket}.{base}`: OpenSSL does not match `*.localhost` (a wildcard needs
/// two dots after it), so virtual-hosted TLS gets an exact name instead.
std::optional<tls_identity> identity_for_obs_name(const certificate_authority& ca, const options& settings,
                                                  std::string_view name) {
  const auto& listed = settings.certificate_names;
  if (std::find(listed.begin(), listed.end(), name) != listed.end()) return std::nullopt;
  const auto bases = obs_base_hosts(settings);
  const bool base = std::find(bases.begin(), bases.end(), name) != bases.end();
  if (!base && !bucket_from_host(name, bases)) return std::nullopt;
  auto issued = ca.issue({std::string(name)});
  return tls_identity{std::move(issued.certificate_pem), std::move(issued.private_key_pem)};
}

} // namespace

struct server::impl {
  impl(options opts, bool owns) : state(std::move(opts)), owns_data_dir(owns) {}

  // Declared before the listener: its sessions use them until it is gone.
  emulator_state state;
  router routes;
  bool owns_data_dir = false;
  std::filesystem::path ca_file;
  std::unique_ptr<certificate_authority> ca;
  std::unique_ptr<listener> network;
};

namespace {

/// The options with data_dir made concrete (a fresh temporary folder when
/// empty), so every part of the emulator finds it in settings().
options with_data_dir(options opts, bool& owns) {
  owns = opts.data_dir.empty();
  if (owns) {
    opts.data_dir = make_temporary_folder();
  } else {
    std::filesystem::create_directories(opts.data_dir);
  }
  return opts;
}

} // namespace

server::server(options opts) {
  bool owns = false;
  auto settled = with_data_dir(std::move(opts), owns);
  impl_ = std::make_unique<impl>(std::move(settled), owns);
  const auto& settings = impl_->state.settings();
  try {
    add_all_routes(impl_->routes, impl_->state);
    std::optional<tls_settings> tls;
    if (settings.tls) {
      impl_->ca = std::make_unique<certificate_authority>();
      impl_->ca_file = settings.data_dir / "ca.pem";
      write_file_atomically(impl_->ca_file, impl_->ca->certificate_pem());
      auto issued = impl_->ca->issue(settings.certificate_names);
      tls = tls_settings{{std::move(issued.certificate_pem), std::move(issued.private_key_pem)},
                         [ca = impl_->ca.get(), &settings](std::string_view name) {
                           return identity_for_obs_name(*ca, settings, name);
                         }};
    }
    impl_->network = std::make_unique<listener>(impl_->state, impl_->routes, std::move(tls));
  } catch (...) {
    if (impl_->owns_data_dir) {
      std::error_code ignored;
      std::filesystem::remove_all(settings.data_dir, ignored);
    }
    throw;
  }
}

server::~server() {
  stop();
  impl_->network.reset();
  if (impl_->owns_data_dir) {
    std::error_code ignored;
    std::filesystem::remove_all(impl_->state.settings().data_dir, ignored);
  }
}

std::uint16_t server::port() const { return impl_->network->port(); }

std::string server::endpoint() const {
  const auto& settings = impl_->state.settings();
  const auto& names = settings.certificate_names;
  std::string host = settings.address;
  if (is_loopback_or_any(host)) {
    // The certificate is made for "localhost"; plain HTTP uses the address a
    // client can reach without a name lookup.
    const bool localhost_certified = std::find(names.begin(), names.end(), "localhost") != names.end();
    host = settings.tls && localhost_certified ? "localhost"
           : host == "::1" || host == "::"     ? "::1"
                                               : "127.0.0.1";
  }
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return (settings.tls ? "https://" : "http://") + host + ":" + std::to_string(port());
}

std::filesystem::path server::ca_file() const { return impl_->ca_file; }

const options& server::settings() const { return impl_->state.settings(); }

void server::add_fault(fault f) { impl_->state.faults.add(std::move(f)); }

void server::clear_faults() { impl_->state.faults.clear(); }

void server::revoke_tokens() { impl_->state.tokens.revoke_all(); }

void server::set_clock_offset(std::chrono::seconds offset) { impl_->state.set_clock_offset(offset); }

std::uint64_t server::requests_matching(std::string_view method, std::string_view path_prefix) const {
  return impl_->state.requests_seen.count_matching(method, path_prefix);
}

stats server::statistics() const {
  const auto& c = impl_->state.count;
  return {c.connections_accepted.load(), c.requests.load(), c.tokens_issued.load(), c.auth_failures.load(),
          c.body_bytes_received.load(), c.body_bytes_sent.load()};
}

void server::stop() {
  if (impl_->network) impl_->network->stop();
}

} // namespace modelarts::emulator
