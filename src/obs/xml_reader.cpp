#include "obs/xml_reader.hpp"

#include "modelarts/error.hpp"

#include <cstdint>
#include <utility>

namespace modelarts::obs {
namespace {

// Deeper nesting than any S3 answer has; the bound keeps hostile input from
// growing the element stack without limit.
constexpr std::size_t max_depth = 100;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// Characters that end a name. XML allows far more in names than S3 uses;
/// anything not excluded here is accepted.
bool ends_name(char c) {
  return is_space(c) || c == '/' || c == '>' || c == '=' || c == '<' || c == '"' || c == '\'' || c == '&';
}

bool valid_code_point(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string_view local_name(std::string_view qualified) {
  const auto colon = qualified.find(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

class parser {
public:
  parser(std::string_view doc, std::string_view what) : doc_(doc), what_(what) {}

  xml_element document() {
    if (doc_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    skip_misc(/*allow_doctype=*/true);
    if (at_end() || doc_[pos_] != '<') fail("no root element");
    xml_element root = element();
    skip_misc(/*allow_doctype=*/false);
    if (!at_end()) fail("content after the root element");
    return root;
  }

private:
  [[noreturn]] void fail(std::string_view reason) const {
    throw boost::system::system_error(make_error_code(errc::malformed_response),
                                      std::string(what_) + ": malformed XML at byte " + std::to_string(pos_) +
                                          ": " + std::string(reason));
  }

  [[nodiscard]] bool at_end() const { return pos_ >= doc_.size(); }
  [[nodiscard]] bool looking_at(std::string_view s) const { return doc_.substr(pos_).starts_with(s); }

  void skip_spaces() {
    while (!at_end() && is_space(doc_[pos_])) ++pos_;
  }

  /// Moves past the next `terminator`; fails when there is none.
  void skip_past(std::string_view terminator, std::string_view construct) {
    const auto end = doc_.find(terminator, pos_);
    if (end == std::string_view::npos) fail(std::string(construct) + " not closed");
    pos_ = end + terminator.size();
  }

  /// Whitespace, comments, processing instructions (and a DOCTYPE in the prolog).
  void skip_misc(bool allow_doctype) {
    for (;;) {
      skip_spaces();
      if (looking_at("<?")) {
        skip_past("?>", "processing instruction");
      } else if (looking_at("<!--")) {
        pos_ += 4;
        skip_past("-->", "comment");
      } else if (allow_doctype && looking_at("<!DOCTYPE")) {
        // An internal subset could declare entities; S3 never sends one.
        const auto end = doc_.find_first_of("[>", pos_);
        if (end == std::string_view::npos) fail("DOCTYPE not closed");
        if (doc_[end] == '[') {
          pos_ = end;
          fail("DOCTYPE with an internal subset");
        }
        pos_ = end + 1;
      } else {
        return;
      }
    }
  }

  std::string_view name() {
    const auto start = pos_;
    while (!at_end() && !ends_name(doc_[pos_])) ++pos_;
    const auto n = doc_.substr(start, pos_ - start);
    if (n.empty()) fail("a name is missing");
    const char first = n.front();
    if ((first >= '0' && first <= '9') || first == '-' || first == '.') fail("a name starts with a digit, '-' or '.'");
    return n;
  }

  /// After the name of a start tag: attributes, then `>` or `/>`. True for `/>`.
  bool attributes() {
    for (;;) {
      const bool spaced = !at_end() && is_space(doc_[pos_]);
      skip_spaces();
      if (at_end()) fail("start tag not closed");
      if (looking_at("/>")) {
        pos_ += 2;
        return true;
      }
      if (doc_[pos_] == '>') {
        ++pos_;
        return false;
      }
      if (!spaced) fail("attributes must be separated by white space");
      (void)name();
      skip_spaces();
      if (at_end() || doc_[pos_] != '=') fail("an attribute has no '='");
      ++pos_;
      skip_spaces();
      if (at_end() || (doc_[pos_] != '"' && doc_[pos_] != '\'')) fail("an attribute value is not quoted");
      const char quote = doc_[pos_++];
      const auto end = doc_.find(quote, pos_);
      if (end == std::string_view::npos) fail("an attribute value is not closed");
      if (doc_.substr(pos_, end - pos_).find('<') != std::string_view::npos) fail("'<' in an attribute value");
      pos_ = end + 1;
    }
  }

  /// At '&': decodes one entity or character reference into `out`.
  void reference(std::string& out) {
    const auto semicolon = doc_.find(';', pos_);
    if (semicolon == std::string_view::npos || semicolon - pos_ > 12) fail("'&' that starts no reference");
    const auto ref = doc_.substr(pos_ + 1, semicolon - pos_ - 1);
    if (ref == "lt") out += '<';
    else if (ref == "gt") out += '>';
    else if (ref == "amp") out += '&';
    else if (ref == "quot") out += '"';
    else if (ref == "apos") out += '\'';
    else if (ref.starts_with('#')) out_code_point(out, ref.substr(1));
    else fail("unknown entity &" + std::string(ref) + ";");
    pos_ = semicolon + 1;
  }

  void out_code_point(std::string& out, std::string_view digits) {
    unsigned base = 10;
    if (!digits.empty() && digits.front() == 'x') {
      base = 16;
      digits.remove_prefix(1);
    }
    if (digits.empty()) fail("empty character reference");
    std::uint32_t cp = 0;
    for (char c : digits) {
      unsigned v = 0;
      if (c >= '0' && c <= '9') v = static_cast<unsigned>(c - '0');
      else if (base == 16 && c >= 'a' && c <= 'f') v = static_cast<unsigned>(c - 'a' + 10);
      else if (base == 16 && c >= 'A' && c <= 'F') v = static_cast<unsigned>(c - 'A' + 10);
      else fail("bad digit in a character reference");
      cp = cp * base + v;
      if (cp > 0x10FFFF) fail("character reference out of range");
    }
    if (!valid_code_point(cp)) fail("character reference to a character XML does not allow");
    append_utf8(out, cp);
  }

  /// At '<' of the root's start tag. Iterative, so depth costs no stack.
  xml_element element() {
    std::vector<xml_element> open;
    std::vector<std::string_view> open_names; // qualified, for matching end tags
    auto start_tag = [&]() -> bool {         // true when the element is still open
      ++pos_;
      const auto qualified = name();
      xml_element e;
      e.name = std::string(local_name(qualified));
      const bool empty = attributes();
      open.push_back(std::move(e));
      open_names.push_back(qualified);
      if (open.size() > max_depth) fail("elements nested too deeply");
      return !empty;
    };
    // Closes the innermost element; true when it was the root.
    auto close = [&]() -> bool {
      if (open.size() == 1) return true;
      auto done = std::move(open.back());
      open.pop_back();
      open_names.pop_back();
      open.back().children.push_back(std::move(done));
      return false;
    };

    if (!start_tag() && close()) return std::move(open.front());
    for (;;) {
      if (at_end()) fail("element <" + std::string(open_names.back()) + "> not closed");
      const char c = doc_[pos_];
      if (c == '<') {
        if (looking_at("</")) {
          pos_ += 2;
          const auto qualified = name();
          if (qualified != open_names.back())
            fail("end tag </" + std::string(qualified) + "> does not match <" + std::string(open_names.back()) + ">");
          skip_spaces();
          if (at_end() || doc_[pos_] != '>') fail("end tag not closed");
          ++pos_;
          if (close()) return std::move(open.front());
        } else if (looking_at("<!--")) {
          pos_ += 4;
          skip_past("-->", "comment");
        } else if (looking_at("<![CDATA[")) {
          pos_ += 9;
          const auto end = doc_.find("]]>", pos_);
          if (end == std::string_view::npos) fail("CDATA section not closed");
          open.back().text.append(doc_.substr(pos_, end - pos_));
          pos_ = end + 3;
        } else if (looking_at("<?")) {
          skip_past("?>", "processing instruction");
        } else if (looking_at("<!")) {
          fail("markup declaration inside an element");
        } else if (!start_tag()) {
          if (close()) return std::move(open.front());
        }
      } else if (c == '&') {
        reference(open.back().text);
      } else if (c == '\r') {
        // XML line-end normalisation: CR LF and a lone CR read as LF.
        open.back().text += '\n';
        ++pos_;
        if (!at_end() && doc_[pos_] == '\n') ++pos_;
      } else {
        const auto end = doc_.find_first_of("<&\r", pos_);
        const auto stop = end == std::string_view::npos ? doc_.size() : end;
        open.back().text.append(doc_.substr(pos_, stop - pos_));
        pos_ = stop;
      }
    }
  }

  std::string_view doc_;
  std::string_view what_;
  std::size_t pos_ = 0;
};

} // namespace

const xml_element* xml_element::child(std::string_view child_name) const {
  for (const auto& c : children)
    if (c.name == child_name) return &c;
  return nullptr;
}

std::string xml_element::child_text(std::string_view child_name) const {
  const auto* c = child(child_name);
  return c != nullptr ? c->text : std::string();
}

std::vector<const xml_element*> xml_element::children_named(std::string_view child_name) const {
  std::vector<const xml_element*> out;
  for (const auto& c : children)
    if (c.name == child_name) out.push_back(&c);
  return out;
}

xml_element parse_xml(std::string_view document, std::string_view what) {
  return parser(document, what).document();
}

} // namespace modelarts::obs
