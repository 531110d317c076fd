#include "xml_document.hpp"

#include <charconv>
#include <stdexcept>

namespace modelarts::emulator {

xml_writer::xml_writer() : out_(R"(<?xml version="1.0" encoding="UTF-8"?>)") {}

void xml_writer::open(std::string_view name, std::string_view xmlns) {
  out_ += '<';
  out_ += name;
  if (!xmlns.empty()) {
    out_ += R"( xmlns=")";
    out_ += xmlns;
    out_ += '"';
  }
  out_ += '>';
}

void xml_writer::close(std::string_view name) {
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void xml_writer::text(std::string_view t) { out_ += xml_escape(t); }

void xml_writer::element(std::string_view name, std::string_view text) {
  open(name);
  out_ += xml_escape(text);
  close(name);
}

std::string xml_escape(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        const auto u = static_cast<unsigned char>(c);
        out += "&#x";
        out += hex[u >> 4];
        out += hex[u & 0xF];
        out += ';';
      } else {
        out += c;
      }
    }
  }
  return out;
}

const xml_element* xml_element::child(std::string_view local_name) const {
  for (const auto& c : children) {
    if (c.name == local_name) return &c;
  }
  return nullptr;
}

std::vector<const xml_element*> xml_element::children_named(std::string_view local_name) const {
  std::vector<const xml_element*> out;
  for (const auto& c : children) {
    if (c.name == local_name) out.push_back(&c);
  }
  return out;
}

std::string_view xml_element::child_text(std::string_view local_name) const {
  const auto* c = child(local_name);
  return c ? std::string_view(c->text) : std::string_view{};
}

namespace {

[[noreturn]] void malformed(const char* why) { throw std::invalid_argument(std::string("malformed XML: ") + why); }

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp <= 0x10FFFF) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    malformed("character reference out of range");
  }
}

class xml_parser {
public:
  explicit xml_parser(std::string_view text) : s_(text) {}

  xml_element document() {
    skip_misc();
    if (!at("<")) malformed("no root element");
    xml_element root = element(0);
    skip_misc();
    if (pos_ != s_.size()) malformed("content after the root element");
    return root;
  }

private:
  static constexpr int max_depth = 64;

  bool at(std::string_view what) const { return s_.substr(pos_).starts_with(what); }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  void skip_past(std::string_view end, const char* why) {
    const auto found = s_.find(end, pos_);
    if (found == std::string_view::npos) malformed(why);
    pos_ = found + end.size();
  }
  /// Whitespace, the declaration, processing instructions and comments.
  void skip_misc() {
    for (;;) {
      skip_space();
      if (at("<?")) {
        skip_past("?>", "unterminated processing instruction");
      } else if (at("<!--")) {
        skip_past("-->", "unterminated comment");
      } else if (at("<!")) {
        malformed("DOCTYPE is not accepted");
      } else {
        return;
      }
    }
  }

  std::string_view name() {
    const auto start = pos_;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>' || c == '=') break;
      ++pos_;
    }
    if (pos_ == start) malformed("empty name");
    return s_.substr(start, pos_ - start);
  }

  static std::string local(std::string_view qualified) {
    const auto colon = qualified.find(':');
    return std::string(colon == std::string_view::npos ? qualified : qualified.substr(colon + 1));
  }

  void skip_attributes() {
    for (;;) {
      skip_space();
      if (pos_ >= s_.size()) malformed("unterminated tag");
      if (s_[pos_] == '>' || s_[pos_] == '/') return;
      name();
      skip_space();
      if (!at("=")) malformed("attribute without value");
      ++pos_;
      skip_space();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) malformed("unquoted attribute");
      const char quote = s_[pos_++];
      const auto end = s_.find(quote, pos_);
      if (end == std::string_view::npos) malformed("unterminated attribute");
      pos_ = end + 1;
    }
  }

  void entity(std::string& out) {
    const auto end = s_.find(';', pos_);
    if (end == std::string_view::npos || end - pos_ > 12) malformed("unterminated entity");
    const auto ref = s_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    if (ref == "amp") out += '&';
    else if (ref == "lt") out += '<';
    else if (ref == "gt") out += '>';
    else if (ref == "quot") out += '"';
    else if (ref == "apos") out += '\'';
    else if (ref.starts_with('#')) {
      const bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
      const auto digits = ref.substr(hex ? 2 : 1);
      unsigned long cp = 0;
      const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (digits.empty() || ec != std::errc{} || p != digits.data() + digits.size()) malformed("bad character reference");
      append_utf8(out, cp);
    } else {
      malformed("unknown entity");
    }
  }

  xml_element element(int depth) {
    if (depth > max_depth) malformed("nested too deep");
    ++pos_; // '<'
    const auto qualified = name();
    xml_element e;
    e.name = local(qualified);
    skip_attributes();
    if (at("/>")) {
      pos_ += 2;
      return e;
    }
    ++pos_; // '>'
    for (;;) {
      if (pos_ >= s_.size()) malformed("unterminated element");
      if (at("</")) {
        pos_ += 2;
        if (name() != qualified) malformed("mismatched end tag");
        skip_space();
        if (!at(">")) malformed("unterminated end tag");
        ++pos_;
        return e;
      }
      if (at("<!--")) {
        skip_past("-->", "unterminated comment");
      } else if (at("<![CDATA[")) {
        pos_ += 9;
        const auto end = s_.find("]]>", pos_);
        if (end == std::string_view::npos) malformed("unterminated CDATA");
        e.text.append(s_.substr(pos_, end - pos_));
        pos_ = end + 3;
      } else if (at("<?")) {
        skip_past("?>", "unterminated processing instruction");
      } else if (at("<")) {
        e.children.push_back(element(depth + 1));
      } else if (s_[pos_] == '&') {
        entity(e.text);
      } else {
        const auto end = s_.find_first_of("<&", pos_);
        const auto stop = end == std::string_view::npos ? s_.size() : end;
        e.text.append(s_.substr(pos_, stop - pos_));
        pos_ = stop;
      }
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

} // namespace

xml_element parse_xml(std::string_view text) { return xml_parser(text).document(); }

} // namespace modelarts::emulator
