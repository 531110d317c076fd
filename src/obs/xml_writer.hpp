// Writing the small XML request bodies OBS/S3 take (create bucket, complete
// multipart upload, batch delete).
#pragma once

#include <string>
#include <string_view>

namespace modelarts::obs {

/// `text` with `& < > " '` replaced by entities, and CR and TAB as character
/// references (a raw CR would be read back as LF). Throws std::invalid_argument
/// for bytes XML 1.0 cannot carry at all (other control characters): an
/// object key holding one cannot be named in an XML body.
std::string xml_escape(std::string_view text);

/// Appends elements to a document, escaping text. Element names are the
/// caller's literals and are not checked.
class xml_writer {
public:
  /// Starts the document with an XML declaration.
  xml_writer();
  /// `<name>` (with `attributes` written verbatim after the name when given).
  xml_writer& open(std::string_view name, std::string_view attributes = {});
  xml_writer& close(std::string_view name);
  /// `<name>escaped text</name>`.
  xml_writer& element(std::string_view name, std::string_view text);
  [[nodiscard]] const std::string& str() const { return out_; }

private:
  std::string out_;
};

} // namespace modelarts::obs
