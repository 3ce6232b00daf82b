#include <tests/emulator/multipart.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

TEST(Multipart, Boundary) {
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc123"), "abc123");
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"a b\""), "a b");
    EXPECT_FALSE(multipart_boundary("application/json"));
    EXPECT_FALSE(multipart_boundary("multipart/form-data"));
}

TEST(Multipart, FilesFirstThenPayload) {
    // discord.js's order: files[0] before payload_json; binary data with CRLFs inside.
    const std::string body =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"files[0]\"; filename=\"a.bin\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
        "line1\r\n--notboundary"
        "\r\n--XyZ\r\n"
        "Content-Disposition: form-data; name=\"payload_json\"\r\n\r\n"
        "{\"content\":\"hi\"}\r\n"
        "--XyZ--\r\n";
    const auto parts = parse_multipart(std::string_view(body.data(), body.size()), "XyZ");
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "files[0]");
    EXPECT_EQ(parts[0].filename, "a.bin");
    EXPECT_EQ(parts[0].content_type, "application/octet-stream");
    EXPECT_EQ(parts[0].data, "line1\r\n--notboundary");
    EXPECT_EQ(parts[1].name, "payload_json");
    EXPECT_FALSE(parts[1].filename);
    EXPECT_EQ(parts[1].data, "{\"content\":\"hi\"}");
}

TEST(Multipart, PayloadFirstWithoutPartContentType) {
    // aiohttp (discord.py) order, and a file part with no Content-Type header.
    const std::string body =
        "--b\r\nContent-Disposition: form-data; name=payload_json\r\n\r\n{}\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"x.txt\"\r\n\r\n"
        "data\r\n--b--";
    const auto parts = parse_multipart(body, "b");
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "payload_json");
    EXPECT_EQ(parts[1].filename, "x.txt");
    EXPECT_EQ(parts[1].content_type, "");
    EXPECT_EQ(parts[1].data, "data");
}

TEST(Multipart, Malformed) {
    EXPECT_THROW(parse_multipart("no boundary here", "b"), std::runtime_error);
    EXPECT_THROW(
        parse_multipart("--b\r\nContent-Disposition: form-data; name=x\r\n\r\nunterminated", "b"),
        std::runtime_error);
    EXPECT_THROW(parse_multipart("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--", "b"),
                 std::runtime_error);
}

}  // namespace
}  // namespace cordgate::tests::emulator
