#include "modelarts/inference/predictor.hpp"

#include "client/client_core.hpp"
#include "inference/multipart_form.hpp"
#include "modelarts/client.hpp"
#include "modelarts/error.hpp"
#include "modelarts/services/service_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <system_error>

namespace modelarts::inference {
namespace {

using core_ptr = std::shared_ptr<detail::client_core>;

[[noreturn]] void refuse(const std::string& what) {
  throw boost::system::system_error(make_error_code(errc::invalid_argument), what);
}

/// Where one prediction goes: the address's origin, its path plus the call's path.
struct target {
  http::origin to;
  std::string path;
};

target resolve(const std::string& address, const std::string& extra_path) {
  target t;
  std::string base;
  try {
    t.to = http::parse_origin(address, &base);
  } catch (const std::exception& e) {
    refuse("access address '" + address + "': " + e.what());
  }
  if (extra_path.find("..") != std::string::npos) refuse("predict path: '..' is not allowed");
  t.path = base;
  if (!extra_path.empty() && extra_path != "/") {
    if (extra_path.front() != '/') t.path += '/';
    t.path += extra_path;
  }
  if (t.path.empty()) t.path = "/";
  return t;
}

http::request prediction_request(const detail::client_core& core, const std::string& address,
                                 const predict_options& options) {
  const auto t = resolve(address, options.path);
  http::request req;
  req.method = "POST";
  req.to = t.to;
  req.path = t.path;
  req.idempotent = options.idempotent;
  req.headers.set("User-Agent", core.options().user_agent);
  for (const auto& [name, value] : options.headers) req.headers.set(name, value);
  return req;
}

boost::asio::awaitable<raw_prediction> send_op(core_ptr core, http::request req, predict_options options) {
  http::call_options call;
  call.total_timeout = options.deadline;
  const auto res = co_await core->execute(std::move(req), call);
  raw_prediction out;
  out.status = res.status;
  out.content_type = std::string(res.headers.get("Content-Type").value_or(""));
  out.body = res.body;
  co_return out;
}

boost::json::value parse_answer(const raw_prediction& answer) {
  boost::system::error_code ec;
  auto value = boost::json::parse(answer.body, ec);
  if (ec)
    throw boost::system::system_error(make_error_code(errc::malformed_response),
                                      "prediction: the answer is not JSON (" + ec.message() + ")");
  return value;
}

boost::asio::awaitable<boost::json::value> json_op(core_ptr core, http::request req, predict_options options) {
  co_return parse_answer(co_await send_op(std::move(core), std::move(req), std::move(options)));
}

/// Owns the form across the exchange: the request only borrows its texts.
boost::asio::awaitable<boost::json::value> form_op(core_ptr core, http::request req, multipart_form form,
                                                   predict_options options) {
  req.body_pieces = form.body_pieces();
  req.headers.set("Content-Type", form.content_type());
  co_return co_await json_op(std::move(core), std::move(req), std::move(options));
}

boost::asio::awaitable<predictor> for_service_op(client c, std::string service_id) {
  const auto s = co_await c.services().get(service_id);
  if ((s.status != "running" && s.status != "concerning") || s.access_address.empty())
    throw boost::system::system_error(make_error_code(errc::invalid_state),
                                      "service " + service_id + " is " + s.status +
                                          (s.access_address.empty() ? " and has no access address" : "") +
                                          "; predictions need a running real-time service");
  co_return predictor(c, s.access_address);
}

} // namespace

predictor::predictor(const client& c, std::string access_address) : predictor(c.core(), std::move(access_address)) {}

predictor::predictor(std::shared_ptr<detail::client_core> core, std::string access_address)
    : core_(std::move(core)), address_(std::move(access_address)) {
  (void)resolve(address_, {}); // refuses a bad address now
}

boost::asio::awaitable<predictor> predictor::for_service(const client& c, std::string service_id) {
  return for_service_op(c, std::move(service_id));
}

boost::asio::awaitable<boost::json::value> predictor::predict(boost::json::value input, predict_options options) const {
  auto req = prediction_request(*core_, address_, options);
  req.body = boost::json::serialize(input);
  req.headers.set("Content-Type", "application/json");
  return json_op(core_, std::move(req), std::move(options));
}

boost::asio::awaitable<boost::json::value> predictor::predict(boost::json::value input) const {
  return predict(std::move(input), predict_options{});
}

boost::asio::awaitable<boost::json::value> predictor::predict_files(std::vector<file_part> files,
                                                                    std::vector<form_field> fields,
                                                                    predict_options options) const {
  if (files.empty() && fields.empty()) refuse("predict_files: nothing to send");
  auto req = prediction_request(*core_, address_, options);
  multipart_form form(random_boundary());
  for (const auto& f : fields) form.add_field(f.name, f.value);
  for (const auto& f : files) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(f.path, ec);
    if (ec) refuse("file " + f.path.string() + ": " + ec.message());
    if (f.field_name.empty()) refuse("file " + f.path.string() + ": field_name is required");
    form.add_file(f.field_name, f.file_name.empty() ? f.path.filename().string() : f.file_name, f.content_type,
                  f.path, size);
  }
  return form_op(core_, std::move(req), std::move(form), std::move(options));
}

boost::asio::awaitable<boost::json::value> predictor::predict_image(std::filesystem::path image,
                                                                    predict_options options) const {
  file_part part;
  part.path = std::move(image);
  part.field_name = "images";
  std::vector<file_part> files{std::move(part)};
  return predict_files(std::move(files), {}, std::move(options));
}

boost::asio::awaitable<raw_prediction> predictor::predict_raw(std::string body, std::string content_type,
                                                              predict_options options) const {
  auto req = prediction_request(*core_, address_, options);
  req.body = std::move(body);
  if (!content_type.empty()) req.headers.set("Content-Type", content_type);
  return send_op(core_, std::move(req), std::move(options));
}

} // namespace modelarts::inference
