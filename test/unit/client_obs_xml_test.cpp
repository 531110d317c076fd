// The OBS XML reader and writer, and every answer the OBS client reads,
// from samples shaped like OBS's and S3's documented answers.
#include "modelarts/error.hpp"
#include "obs/obs_xml.hpp"
#include "obs/xml_reader.hpp"
#include "obs/xml_writer.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

namespace obs = modelarts::obs;
using modelarts::errc;

namespace {

/// The message of the malformed_response error `f` throws, or "<no error>".
template <class F>
std::string malformed_message(F&& f) {
  try {
    f();
  } catch (const boost::system::system_error& e) {
    if (e.code() != make_error_code(errc::malformed_response)) return "<other error: " + std::string(e.what()) + ">";
    return e.what();
  }
  return "<no error>";
}

std::string xml_refusal(const std::string& doc) {
  return malformed_message([&] { (void)obs::parse_xml(doc, "test"); });
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

// ---- the reader ------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(xml_reader)

BOOST_AUTO_TEST_CASE(reads_elements_children_and_text) {
  const auto root = obs::parse_xml(R"(<?xml version="1.0" encoding="UTF-8"?>
<A xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><B>one</B><C x='1' y="2"><D>two</D></C><B>three</B><E/></A>)",
                                   "test");
  BOOST_TEST(root.name == "A");
  BOOST_TEST(root.children.size() == 4u);
  BOOST_TEST(root.child_text("B") == "one");
  BOOST_TEST(root.children_named("B").size() == 2u);
  BOOST_TEST(root.children_named("B")[1]->text == "three");
  BOOST_TEST(root.child("C")->child_text("D") == "two");
  BOOST_TEST(root.child("E") != nullptr);
  BOOST_TEST(root.child("E")->text == "");
  BOOST_TEST(root.child("Missing") == nullptr);
  BOOST_TEST(root.child_text("Missing") == "");
}

BOOST_AUTO_TEST_CASE(decodes_entities_and_character_references) {
  const auto root = obs::parse_xml("<K>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#65;&#x4E2D;&#x1F600;</K>", "test");
  BOOST_TEST(root.text == "<a> & \"b\" 'c' A\xE4\xB8\xAD\xF0\x9F\x98\x80");
}

BOOST_AUTO_TEST_CASE(cdata_is_verbatim) {
  BOOST_TEST(obs::parse_xml("<K><![CDATA[a<b>&amp;]]>c</K>", "test").text == "a<b>&amp;c");
}

BOOST_AUTO_TEST_CASE(comments_instructions_and_doctype_are_skipped) {
  const auto root = obs::parse_xml("\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- a --><!DOCTYPE R>\n<R><!-- b -->x<?pi y?>z</R>"
                                   "<!-- after -->\n",
                                   "test");
  BOOST_TEST(root.name == "R");
  BOOST_TEST(root.text == "xz");
}

BOOST_AUTO_TEST_CASE(line_ends_are_normalised_but_references_kept) {
  BOOST_TEST(obs::parse_xml("<K>a\r\nb\rc&#13;</K>", "test").text == "a\nb\nc\r");
}

BOOST_AUTO_TEST_CASE(namespace_prefixes_are_dropped) {
  const auto root = obs::parse_xml("<s3:R xmlns:s3=\"urn:x\"><s3:Key>k</s3:Key></s3:R>", "test");
  BOOST_TEST(root.name == "R");
  BOOST_TEST(root.child_text("Key") == "k");
}

BOOST_AUTO_TEST_CASE(whitespace_in_values_is_kept) {
  BOOST_TEST(obs::parse_xml("<Key>  two spaces  </Key>", "test").text == "  two spaces  ");
}

BOOST_AUTO_TEST_CASE(malformed_documents_are_refused) {
  BOOST_TEST(contains(xml_refusal(""), "no root element"));
  BOOST_TEST(contains(xml_refusal("just text"), "no root element"));
  BOOST_TEST(contains(xml_refusal("<A><B></A>"), "does not match"));
  BOOST_TEST(contains(xml_refusal("<A><B>"), "not closed"));
  BOOST_TEST(contains(xml_refusal("<A>x</A>trailing"), "after the root"));
  BOOST_TEST(contains(xml_refusal("<A/><B/>"), "after the root"));
  BOOST_TEST(contains(xml_refusal("<A>&nbsp;</A>"), "unknown entity"));
  BOOST_TEST(contains(xml_refusal("<A>a & b</A>"), "reference"));
  BOOST_TEST(contains(xml_refusal("<A>&#0;</A>"), "does not allow"));
  BOOST_TEST(contains(xml_refusal("<A>&#x110000;</A>"), "out of range"));
  BOOST_TEST(contains(xml_refusal("<A>&#xZZ;</A>"), "bad digit"));
  BOOST_TEST(contains(xml_refusal("<A b=c></A>"), "not quoted"));
  BOOST_TEST(contains(xml_refusal("<A b=\"1\"c=\"2\"></A>"), "white space"));
  BOOST_TEST(contains(xml_refusal("<A><![CDATA[x</A>"), "CDATA"));
  BOOST_TEST(contains(xml_refusal("<A><!-- x</A>"), "comment"));
  BOOST_TEST(contains(xml_refusal("<!DOCTYPE A [<!ENTITY x \"y\">]><A>&x;</A>"), "internal subset"));
  BOOST_TEST(contains(xml_refusal("<1A/>"), "name"));
}

BOOST_AUTO_TEST_CASE(error_message_names_the_operation_and_offset) {
  const auto message = malformed_message([] { (void)obs::parse_xml("<A></B>", "list objects"); });
  BOOST_TEST(message.starts_with("list objects: malformed XML at byte "));
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused) {
  std::string deep;
  for (int i = 0; i < 101; ++i) deep += "<a>";
  for (int i = 0; i < 101; ++i) deep += "</a>";
  BOOST_TEST(contains(xml_refusal(deep), "nested too deeply"));
  std::string fine;
  for (int i = 0; i < 100; ++i) fine += "<a>";
  for (int i = 0; i < 100; ++i) fine += "</a>";
  BOOST_TEST(obs::parse_xml(fine, "test").name == "a");
}

BOOST_AUTO_TEST_SUITE_END()

// ---- the writer ------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(xml_writer)

BOOST_AUTO_TEST_CASE(escapes_the_five_characters_and_cr_tab) {
  BOOST_TEST(obs::xml_escape("a<b>&\"'\r\t\nz") == "a&lt;b&gt;&amp;&quot;&apos;&#13;&#9;\nz");
  BOOST_TEST(obs::xml_escape("\xE4\xB8\xAD") == "\xE4\xB8\xAD");
}

BOOST_AUTO_TEST_CASE(control_characters_cannot_be_written) {
  BOOST_CHECK_THROW(obs::xml_escape(std::string("a\x01") + "b"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(escaped_text_reads_back_unchanged) {
  const std::string text = "k<&>\"'\r\n\t end";
  obs::xml_writer w;
  w.element("Key", text);
  BOOST_TEST(obs::parse_xml(w.str(), "test").text == text);
}

BOOST_AUTO_TEST_CASE(create_bucket_body_per_dialect) {
  BOOST_TEST(obs::create_bucket_body("cn-north-4", true) ==
             R"(<?xml version="1.0" encoding="UTF-8"?><CreateBucketConfiguration><Location>cn-north-4</Location></CreateBucketConfiguration>)");
  BOOST_TEST(obs::create_bucket_body("us-east-1", false) ==
             R"(<?xml version="1.0" encoding="UTF-8"?><CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>)");
}

BOOST_AUTO_TEST_CASE(complete_multipart_body_quotes_etags) {
  const std::vector<obs::part_info> parts{{1, "a54357aff0632cce46d942af68356b38", 5}, {2, "\"0c78aef83f66abc1fa1e8477f296d394\"", 6}};
  BOOST_TEST(obs::complete_multipart_upload_body(parts) ==
             R"(<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>)"
             R"(<Part><PartNumber>1</PartNumber><ETag>&quot;a54357aff0632cce46d942af68356b38&quot;</ETag></Part>)"
             R"(<Part><PartNumber>2</PartNumber><ETag>&quot;0c78aef83f66abc1fa1e8477f296d394&quot;</ETag></Part>)"
             R"(</CompleteMultipartUpload>)");
}

BOOST_AUTO_TEST_CASE(delete_body_lists_keys_escaped) {
  const auto body = obs::delete_objects_body({"a.txt", "dir/b&c <d>.txt"});
  BOOST_TEST(body == R"(<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>false</Quiet>)"
                     R"(<Object><Key>a.txt</Key></Object><Object><Key>dir/b&amp;c &lt;d&gt;.txt</Key></Object></Delete>)");
  const auto root = obs::parse_xml(body, "test");
  BOOST_TEST(root.children_named("Object")[1]->child_text("Key") == "dir/b&c <d>.txt");
}

BOOST_AUTO_TEST_SUITE_END()

// ---- answers ------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(obs_answers)

BOOST_AUTO_TEST_CASE(etag_quotes_are_stripped) {
  BOOST_TEST(obs::strip_etag_quotes("\"abc\"") == "abc");
  BOOST_TEST(obs::strip_etag_quotes(" \"abc-2\" ") == "abc-2");
  BOOST_TEST(obs::strip_etag_quotes("abc") == "abc");
  BOOST_TEST(obs::strip_etag_quotes("\"") == "\"");
}

BOOST_AUTO_TEST_CASE(list_buckets) {
  const auto buckets = obs::parse_list_buckets(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ListAllMyBucketsResult xmlns="http://obs.myhwclouds.com/doc/2015-06-30/">
  <Owner>
    <ID>783fc6652cf246c096ea836694f71855</ID>
  </Owner>
  <Buckets>
    <Bucket>
      <Name>examplebucket01</Name>
      <CreationDate>2018-06-21T09:15:01.032Z</CreationDate>
      <Location>cn-north-4</Location>
      <BucketType>OBJECT</BucketType>
    </Bucket>
    <Bucket>
      <Name>examplebucket02</Name>
      <CreationDate>2018-06-22T03:56:33.700Z</CreationDate>
    </Bucket>
  </Buckets>
</ListAllMyBucketsResult>)");
  BOOST_REQUIRE(buckets.size() == 2u);
  BOOST_TEST(buckets[0].name == "examplebucket01");
  BOOST_TEST(buckets[0].creation_date == "2018-06-21T09:15:01.032Z");
  BOOST_TEST(buckets[0].location == "cn-north-4");
  BOOST_TEST(buckets[1].name == "examplebucket02");
  BOOST_TEST(buckets[1].location == "");
}

BOOST_AUTO_TEST_CASE(list_buckets_without_buckets) {
  BOOST_TEST(obs::parse_list_buckets("<ListAllMyBucketsResult><Owner><ID>x</ID></Owner><Buckets/></ListAllMyBucketsResult>")
                 .empty());
}

BOOST_AUTO_TEST_CASE(wrong_root_element_is_malformed) {
  BOOST_TEST(contains(malformed_message([] { (void)obs::parse_list_buckets("<ListBucketResult/>"); }),
                      "expected <ListAllMyBucketsResult>, got <ListBucketResult>"));
  BOOST_TEST(contains(malformed_message([] { (void)obs::parse_list_objects("{\"json\": true}"); }), "malformed XML"));
}

BOOST_AUTO_TEST_CASE(list_objects_with_delimiter) {
  const auto page = obs::parse_list_objects(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>example-bucket</Name>
  <Prefix>photos/2006/</Prefix>
  <Marker></Marker>
  <MaxKeys>1000</MaxKeys>
  <Delimiter>/</Delimiter>
  <IsTruncated>false</IsTruncated>
  <Contents>
    <Key>photos/2006/index.html</Key>
    <LastModified>2006-01-01T12:00:00.000Z</LastModified>
    <ETag>&quot;828ef3fdfa96f00ad9f27c383fc9ac7f&quot;</ETag>
    <Size>5</Size>
    <Owner><ID>bcaf1ffd86f41161ca5fb16fd081034f</ID></Owner>
    <StorageClass>STANDARD</StorageClass>
  </Contents>
  <CommonPrefixes><Prefix>photos/2006/February/</Prefix></CommonPrefixes>
  <CommonPrefixes><Prefix>photos/2006/January/</Prefix></CommonPrefixes>
</ListBucketResult>)");
  BOOST_REQUIRE(page.objects.size() == 1u);
  BOOST_TEST(page.objects[0].key == "photos/2006/index.html");
  BOOST_TEST(page.objects[0].size == 5u);
  BOOST_TEST(page.objects[0].etag == "828ef3fdfa96f00ad9f27c383fc9ac7f");
  BOOST_TEST(page.objects[0].last_modified == "2006-01-01T12:00:00.000Z");
  BOOST_TEST(page.objects[0].storage_class == "STANDARD");
  BOOST_REQUIRE(page.common_prefixes.size() == 2u);
  BOOST_TEST(page.common_prefixes[0] == "photos/2006/February/");
  BOOST_TEST(!page.truncated);
  BOOST_TEST(page.next_marker == "");
}

BOOST_AUTO_TEST_CASE(truncated_listing_uses_next_marker) {
  const auto page = obs::parse_list_objects(
      "<ListBucketResult><IsTruncated>true</IsTruncated><NextMarker>b/</NextMarker>"
      "<Contents><Key>a</Key><Size>1</Size></Contents><CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes>"
      "</ListBucketResult>");
  BOOST_TEST(page.truncated);
  BOOST_TEST(page.next_marker == "b/");
}

BOOST_AUTO_TEST_CASE(truncated_listing_without_next_marker_continues_after_last_entry) {
  const auto page = obs::parse_list_objects("<ListBucketResult><IsTruncated>true</IsTruncated>"
                                            "<Contents><Key>k1</Key><Size>1</Size></Contents>"
                                            "<Contents><Key>k2</Key><Size>2</Size></Contents></ListBucketResult>");
  BOOST_TEST(page.next_marker == "k2");
  const auto with_prefixes = obs::parse_list_objects(
      "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a</Key><Size>1</Size></Contents>"
      "<CommonPrefixes><Prefix>z/</Prefix></CommonPrefixes></ListBucketResult>");
  BOOST_TEST(with_prefixes.next_marker == "z/");
  BOOST_TEST(contains(malformed_message([] {
                        (void)obs::parse_list_objects("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>");
                      }),
                      "no marker"));
}

BOOST_AUTO_TEST_CASE(url_encoded_listing_is_decoded) {
  const auto page = obs::parse_list_objects(
      "<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
      "<NextMarker>dir%2Fz+z</NextMarker><Contents><Key>dir%2Fa+b%2Bc%E4%B8%AD</Key><Size>3</Size></Contents>"
      "<CommonPrefixes><Prefix>dir%2Fsub+1%2F</Prefix></CommonPrefixes></ListBucketResult>");
  BOOST_TEST(page.objects[0].key == "dir/a b+c\xE4\xB8\xAD");
  BOOST_TEST(page.common_prefixes[0] == "dir/sub 1/");
  BOOST_TEST(page.next_marker == "dir/z z");
}

BOOST_AUTO_TEST_CASE(url_encoded_listing_carries_control_characters_xml_cannot) {
  // A key with a NUL, a 0x01 and a newline: XML 1.0 cannot hold the first two.
  const auto page = obs::parse_list_objects(
      "<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
      "<Contents><Key>ctl%00%01%0A%FF.bin</Key><Size>1</Size></Contents></ListBucketResult>");
  BOOST_TEST(page.objects[0].key == std::string("ctl\0\x01\n\xFF.bin", 11));
  // No NextMarker: the page continues after its last key, decoded.
  BOOST_TEST(page.next_marker == std::string("ctl\0\x01\n\xFF.bin", 11));
}

BOOST_AUTO_TEST_CASE(plain_listing_is_not_decoded) {
  const auto page = obs::parse_list_objects(
      "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a+b%20c</Key><Size>0</Size></Contents>"
      "</ListBucketResult>");
  BOOST_TEST(page.objects[0].key == "a+b%20c");
}

BOOST_AUTO_TEST_CASE(bad_values_in_listing_are_malformed) {
  BOOST_TEST(contains(malformed_message([] {
                        (void)obs::parse_list_objects(
                            "<ListBucketResult><Contents><Key>a</Key><Size>-1</Size></Contents></ListBucketResult>");
                      }),
                      "Size"));
  BOOST_TEST(contains(malformed_message([] {
                        (void)obs::parse_list_objects("<ListBucketResult><IsTruncated>maybe</IsTruncated></ListBucketResult>");
                      }),
                      "IsTruncated"));
  BOOST_TEST(contains(malformed_message([] {
                        (void)obs::parse_list_objects("<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>");
                      }),
                      "without a key"));
}

BOOST_AUTO_TEST_CASE(initiate_multipart_upload) {
  BOOST_TEST(obs::parse_initiate_multipart_upload(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<InitiateMultipartUploadResult xmlns="http://obs.myhwclouds.com/doc/2015-06-30/">
  <Bucket>bucketname</Bucket>
  <Key>objectkey</Key>
  <UploadId>DCD2FC9CAB78000001438EBFD4AE9B3B</UploadId>
</InitiateMultipartUploadResult>)") == "DCD2FC9CAB78000001438EBFD4AE9B3B");
  BOOST_TEST(contains(malformed_message([] {
                        (void)obs::parse_initiate_multipart_upload(
                            "<InitiateMultipartUploadResult><UploadId> </UploadId></InitiateMultipartUploadResult>");
                      }),
                      "no UploadId"));
}

BOOST_AUTO_TEST_CASE(list_parts_page) {
  const auto page = obs::parse_list_parts(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Bucket>example-bucket</Bucket>
  <Key>example-object</Key>
  <UploadId>XXBsb2FkIElEIGZvciBlbHZpbmcncyVcdS1tb3ZpZS5tMnRzEEEwbG9hZA</UploadId>
  <PartNumberMarker>1</PartNumberMarker>
  <NextPartNumberMarker>3</NextPartNumberMarker>
  <MaxParts>2</MaxParts>
  <IsTruncated>true</IsTruncated>
  <Part>
    <PartNumber>2</PartNumber>
    <LastModified>2010-11-10T20:48:34.000Z</LastModified>
    <ETag>"7778aef83f66abc1fa1e8477f296d394"</ETag>
    <Size>10485760</Size>
  </Part>
  <Part>
    <PartNumber>3</PartNumber>
    <LastModified>2010-11-10T20:48:33.000Z</LastModified>
    <ETag>"aaaa18db4cc2f85cedef654fccc4a4x8"</ETag>
    <Size>10485760</Size>
  </Part>
</ListPartsResult>)");
  BOOST_REQUIRE(page.parts.size() == 2u);
  BOOST_TEST(page.parts[0].part_number == 2u);
  BOOST_TEST(page.parts[0].etag == "7778aef83f66abc1fa1e8477f296d394");
  BOOST_TEST(page.parts[1].size == 10485760u);
  BOOST_TEST(page.truncated);
  BOOST_TEST(page.next_part_number_marker == 3u);
}

BOOST_AUTO_TEST_CASE(last_list_parts_page) {
  const auto page = obs::parse_list_parts(
      "<ListPartsResult><IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber><ETag>\"e\"</ETag>"
      "<Size>5</Size></Part></ListPartsResult>");
  BOOST_TEST(!page.truncated);
  BOOST_TEST(page.parts.size() == 1u);
}

BOOST_AUTO_TEST_CASE(complete_multipart_upload) {
  BOOST_TEST(obs::parse_complete_multipart_upload(R"(<?xml version="1.0" encoding="UTF-8"?>
<CompleteMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Location>http://Example-Bucket.s3.region.amazonaws.com/Example-Object</Location>
  <Bucket>Example-Bucket</Bucket>
  <Key>Example-Object</Key>
  <ETag>"3858f62230ac3c915f300c664312c11f-9"</ETag>
</CompleteMultipartUploadResult>)") == "3858f62230ac3c915f300c664312c11f-9");
}

BOOST_AUTO_TEST_CASE(list_multipart_uploads) {
  const auto page = obs::parse_list_multipart_uploads(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Bucket>bucket</Bucket>
  <KeyMarker></KeyMarker>
  <UploadIdMarker></UploadIdMarker>
  <NextKeyMarker>my-movie.m2ts</NextKeyMarker>
  <NextUploadIdMarker>YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ</NextUploadIdMarker>
  <MaxUploads>3</MaxUploads>
  <IsTruncated>true</IsTruncated>
  <Upload>
    <Key>my-divisor</Key>
    <UploadId>XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw</UploadId>
    <Initiator><ID>arn:aws:iam::111122223333:user/user1-11111a31-17b5-4fb7-9df5-b111111f13de</ID></Initiator>
    <StorageClass>STANDARD</StorageClass>
    <Initiated>2010-11-10T20:48:33.000Z</Initiated>
  </Upload>
  <Upload>
    <Key>my-movie.m2ts</Key>
    <UploadId>YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ</UploadId>
    <Initiated>2010-11-10T20:48:33.000Z</Initiated>
  </Upload>
</ListMultipartUploadsResult>)");
  BOOST_REQUIRE(page.uploads.size() == 2u);
  BOOST_TEST(page.uploads[0].key == "my-divisor");
  BOOST_TEST(page.uploads[0].upload_id == "XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw");
  BOOST_TEST(page.uploads[0].initiated == "2010-11-10T20:48:33.000Z");
  BOOST_TEST(page.truncated);
  BOOST_TEST(page.next_key_marker == "my-movie.m2ts");
  BOOST_TEST(page.next_upload_id_marker == "YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ");
}

BOOST_AUTO_TEST_CASE(delete_result_lists_deleted_and_failed) {
  const auto result = obs::parse_delete_result(R"(<?xml version="1.0" encoding="UTF-8"?>
<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Deleted><Key>sample1.txt</Key></Deleted>
  <Error>
    <Key>sample2.txt</Key>
    <Code>AccessDenied</Code>
    <Message>Access Denied</Message>
  </Error>
</DeleteResult>)");
  BOOST_REQUIRE(result.deleted.size() == 1u);
  BOOST_TEST(result.deleted[0] == "sample1.txt");
  BOOST_REQUIRE(result.failed.size() == 1u);
  BOOST_TEST(result.failed[0].key == "sample2.txt");
  BOOST_TEST(result.failed[0].code == "AccessDenied");
  BOOST_TEST(result.failed[0].message == "Access Denied");
}

BOOST_AUTO_TEST_CASE(copy_object_result) {
  BOOST_TEST(obs::parse_copy_object_result(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CopyObjectResult xmlns="http://obs.myhwclouds.com/doc/2015-06-30/">
  <LastModified>2015-07-01T00:37:17.240Z</LastModified>
  <ETag>"3b46eaf02d3b6b1206078bb86a7b7013"</ETag>
</CopyObjectResult>)") == "3b46eaf02d3b6b1206078bb86a7b7013");
}

BOOST_AUTO_TEST_CASE(copy_part_result) {
  BOOST_TEST(obs::parse_copy_part_result(R"(<?xml version="1.0" encoding="UTF-8"?>
<CopyPartResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <LastModified>2024-05-01T12:00:00.000Z</LastModified>
  <ETag>"b54357faf0632cce46e942fa68356b38"</ETag>
</CopyPartResult>)") == "b54357faf0632cce46e942fa68356b38");
  BOOST_TEST(contains(malformed_message([] { (void)obs::parse_copy_part_result("<CopyPartResult/>"); }), "ETag"));
  BOOST_TEST(contains(malformed_message([] {
                        (void)obs::parse_copy_part_result("<CopyObjectResult><ETag>x</ETag></CopyObjectResult>");
                      }),
                      "CopyPartResult"));
}

BOOST_AUTO_TEST_CASE(bucket_location_in_both_forms) {
  BOOST_TEST(obs::parse_bucket_location(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Location xmlns="http://obs.myhwclouds.com/doc/2015-06-30/">cn-north-4</Location>)") == "cn-north-4");
  BOOST_TEST(obs::parse_bucket_location(
                 R"(<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>)") ==
             "eu-west-1");
  BOOST_TEST(obs::parse_bucket_location(R"(<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>)") == "");
}

BOOST_AUTO_TEST_CASE(error_documents_are_recognised) {
  BOOST_TEST(obs::is_error_document(R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>)"));
  BOOST_TEST(!obs::is_error_document("<CopyObjectResult><ETag>x</ETag></CopyObjectResult>"));
  BOOST_TEST(!obs::is_error_document(""));
  BOOST_TEST(!obs::is_error_document("<Error>"));
}

BOOST_AUTO_TEST_SUITE_END()
