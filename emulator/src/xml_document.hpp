// Just enough XML for OBS request and answer bodies: a writer that escapes,
// and a reader for the small documents clients send (CreateBucket, Delete,
// CompleteMultipartUpload). The reader keeps local names only (a namespace
// prefix is dropped), ignores attributes, and refuses DOCTYPE (no entity
// expansion).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace modelarts::emulator {

class xml_writer {
public:
  /// Starts with the XML declaration.
  xml_writer();
  /// `<name xmlns="...">` for the root; `<name>` when xmlns is empty.
  void open(std::string_view name, std::string_view xmlns = {});
  void close(std::string_view name);
  /// Escaped character data inside the open element.
  void text(std::string_view t);
  /// `<name>escaped text</name>`.
  void element(std::string_view name, std::string_view text);
  [[nodiscard]] const std::string& str() const { return out_; }
  [[nodiscard]] std::string take() { return std::move(out_); }

private:
  std::string out_;
};

/// `&`, `<`, `>`, `"`, `'` as entities; control characters that XML 1.0
/// cannot carry as numeric references (as S3 does).
std::string xml_escape(std::string_view text);

struct xml_element {
  std::string name; ///< local name
  std::string text; ///< character data directly inside, entities decoded
  std::vector<xml_element> children;

  [[nodiscard]] const xml_element* child(std::string_view local_name) const;
  [[nodiscard]] std::vector<const xml_element*> children_named(std::string_view local_name) const;
  /// The text of the first such child; empty when there is none.
  [[nodiscard]] std::string_view child_text(std::string_view local_name) const;
};

/// The root element. Throws std::invalid_argument when the text is not
/// well-formed (the message never quotes the input).
xml_element parse_xml(std::string_view text);

} // namespace modelarts::emulator
