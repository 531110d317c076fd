// A small XML reader for OBS/S3 answers: enough of XML 1.0 for what object
// stores send, strict about what it accepts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace modelarts::obs {

/// One element: its local name (a `prefix:` is dropped), its own character
/// data (entities and character references decoded, CDATA verbatim; the text
/// of child elements is not included) and its child elements in order.
/// Attributes are checked for form and otherwise ignored: S3 answers carry
/// only namespace declarations.
struct xml_element {
  std::string name;
  std::string text;
  std::vector<xml_element> children;

  /// The first child named `child_name`, or nullptr.
  [[nodiscard]] const xml_element* child(std::string_view child_name) const;
  /// The text of the first child named `child_name`, or "" when there is none.
  [[nodiscard]] std::string child_text(std::string_view child_name) const;
  /// Every child named `child_name`, in order.
  [[nodiscard]] std::vector<const xml_element*> children_named(std::string_view child_name) const;
};

/// Parses a document and returns its root element. Accepted: an optional BOM,
/// XML declaration, comments and processing instructions around and inside
/// the root, a DOCTYPE without internal subset (skipped), elements,
/// attributes, the five predefined entities, decimal and hex character
/// references, CDATA sections. Anything else (a tag left open, a mismatched
/// end tag, an unknown entity, text outside the root, an internal DTD subset,
/// nesting deeper than 100 levels) throws
/// `boost::system::system_error(errc::malformed_response)`; the message
/// starts with `what` (e.g. "list objects") and gives the byte offset.
xml_element parse_xml(std::string_view document, std::string_view what);

} // namespace modelarts::obs
