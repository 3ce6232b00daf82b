// What `cordgate serve-files` answers (runtime/file_route.hpp), decided before the disk.

#include <runtime/file_route.hpp>

#include <gtest/gtest.h>

namespace cordgate::runtime {
namespace {

const std::string kName = "0123456789abcdef0123456789abcdef/cat.png";

TEST(FileRoute, AStoreNameUnderThePrefixIsServedWithItsType) {
    auto r = route_file_request("GET", "/files/" + kName + "?v=1", "/files");
    EXPECT_EQ(r.answer, FileAnswer::serve);
    EXPECT_EQ(r.name, kName);
    EXPECT_EQ(r.content_type, "image/png");
    EXPECT_TRUE(r.inline_display);
    EXPECT_EQ(route_file_request("HEAD", "/" + kName, "").answer, FileAnswer::serve);
}

TEST(FileRoute, WhatCouldRunInTheBrowserIsADownload) {
    for (const char* leaf : {"page.html", "logo.svg", "x.js", "noextension", "a.PNG.exe"}) {
        auto r =
            route_file_request("GET", std::string("/0123456789abcdef0123456789abcdef/") + leaf, "");
        EXPECT_EQ(r.answer, FileAnswer::serve) << leaf;
        EXPECT_EQ(r.content_type, "application/octet-stream") << leaf;
        EXPECT_FALSE(r.inline_display) << leaf;
    }
    EXPECT_EQ(route_file_request("GET", "/0123456789abcdef0123456789abcdef/A.JPG", "").content_type,
              "image/jpeg");
}

TEST(FileRoute, AnythingElseIsNotFoundOrNotAllowed) {
    EXPECT_EQ(route_file_request("POST", "/" + kName, "").answer, FileAnswer::method_not_allowed);
    EXPECT_EQ(route_file_request("PUT", "/" + kName, "").answer, FileAnswer::method_not_allowed);
    for (const std::string& target : std::initializer_list<std::string>{
             "/", "/files", "/files/", "/other/" + kName, "/files" + kName,
             "/files/0123456789abcdef0123456789abcdef/../../etc/passwd",
             "/files/0123456789abcdef0123456789abcdef/%2e%2e%2fx",
             "/files/0123456789abcdef0123456789abcdef/.c.png.part",
             "/files/0123456789abcdef0123456789abcdef", "/files/" + kName + "/more"}) {
        EXPECT_EQ(route_file_request("GET", target, "/files").answer, FileAnswer::not_found)
            << target;
    }
}

}  // namespace
}  // namespace cordgate::runtime
