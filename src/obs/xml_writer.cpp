#include "obs/xml_writer.hpp"

#include <stdexcept>

namespace modelarts::obs {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    case '\r': out += "&#13;"; break;
    case '\t': out += "&#9;"; break;
    case '\n': out += c; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20)
        throw std::invalid_argument("text holds a control character that XML 1.0 cannot carry");
      out += c;
    }
  }
  return out;
}

xml_writer::xml_writer() : out_(R"(<?xml version="1.0" encoding="UTF-8"?>)") {}

xml_writer& xml_writer::open(std::string_view name, std::string_view attributes) {
  out_ += '<';
  out_ += name;
  if (!attributes.empty()) {
    out_ += ' ';
    out_ += attributes;
  }
  out_ += '>';
  return *this;
}

xml_writer& xml_writer::close(std::string_view name) {
  out_ += "</";
  out_ += name;
  out_ += '>';
  return *this;
}

xml_writer& xml_writer::element(std::string_view name, std::string_view text) {
  open(name);
  out_ += xml_escape(text);
  return close(name);
}

} // namespace modelarts::obs
