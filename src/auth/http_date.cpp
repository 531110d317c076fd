// The date forms the signers write and the verifiers read. The HTTP forms are
// core's (shared with Retry-After); the compact APIG/SigV4 form lives here.
#include "auth/signer.hpp"

#include "core/http_date.hpp"

namespace modelarts::auth {
namespace {

using namespace std::chrono;

void append_digits(std::string& out, long long value, int width) {
  std::string digits(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0 && value > 0; --i) {
    digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out += digits;
}

/// Exactly `width` digits from `s` at `pos`.
std::optional<int> digits_at(std::string_view s, std::size_t pos, std::size_t width) {
  int v = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

} // namespace

std::string apig_date(clock::time_point t) {
  const auto secs = floor<seconds>(t);
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{secs - day};
  std::string out;
  out.reserve(16);
  append_digits(out, static_cast<int>(ymd.year()), 4);
  append_digits(out, static_cast<unsigned>(ymd.month()), 2);
  append_digits(out, static_cast<unsigned>(ymd.day()), 2);
  out += 'T';
  append_digits(out, hms.hours().count(), 2);
  append_digits(out, hms.minutes().count(), 2);
  append_digits(out, hms.seconds().count(), 2);
  out += 'Z';
  return out;
}

std::optional<clock::time_point> parse_apig_date(std::string_view s) {
  // YYYYMMDDTHHMMSSZ
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  const auto y = digits_at(s, 0, 4), mon = digits_at(s, 4, 2), d = digits_at(s, 6, 2);
  const auto h = digits_at(s, 9, 2), mi = digits_at(s, 11, 2), sec = digits_at(s, 13, 2);
  if (!y || !mon || !d || !h || !mi || !sec) return std::nullopt;
  const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mon)}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok() || *h > 23 || *mi > 59 || *sec > 59) return std::nullopt;
  return clock::time_point{sys_days{ymd} + hours{*h} + minutes{*mi} + seconds{*sec}};
}

std::string http_date(clock::time_point t) { return http::format_http_date(t); }

std::optional<clock::time_point> parse_http_date(std::string_view s) {
  return http::parse_http_date(s);
}

} // namespace modelarts::auth
