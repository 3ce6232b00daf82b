#include <adapters/discord/file_requests.hpp>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace cordgate::adapters::discord {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key_string(Writer& w, const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

RestRequest post_json(std::string path, std::string body) {
    std::string route = "POST " + path;
    return RestRequest{"POST", std::move(path), std::move(route), std::move(body),
                       "application/json"};
}

}  // namespace

RestRequest refresh_urls(std::string_view url) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("attachment_urls");
    w.StartArray();
    w.String(url.data(), static_cast<rapidjson::SizeType>(url.size()));
    w.EndArray();
    w.EndObject();
    return post_json("/attachments/refresh-urls", b.GetString());
}

RestRequest request_upload_url(core::Snowflake channel, std::string_view filename,
                               std::uint64_t size, std::optional<std::string_view> content_type) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("files");
    w.StartArray();
    w.StartObject();
    key_string(w, "id", "0");
    key_string(w, "filename", filename);
    w.Key("file_size");
    w.Uint64(size);
    if (content_type) key_string(w, "original_content_type", *content_type);
    w.EndObject();
    w.EndArray();
    w.EndObject();
    return post_json("/channels/" + channel.str() + "/attachments", b.GetString());
}

std::optional<CloudUpload> cloud_upload_of(std::string_view body) {
    rapidjson::Document doc;
    doc.Parse(body.data(), body.size());
    if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
    auto list = doc.FindMember("attachments");
    if (list == doc.MemberEnd() || !list->value.IsArray() || list->value.Empty())
        return std::nullopt;
    const auto& first = list->value[0];
    if (!first.IsObject()) return std::nullopt;
    auto url = first.FindMember("upload_url");
    auto name = first.FindMember("upload_filename");
    if (url == first.MemberEnd() || name == first.MemberEnd() || !url->value.IsString() ||
        !name->value.IsString())
        return std::nullopt;
    return CloudUpload{url->value.GetString(), name->value.GetString()};
}

RestRequest message_with_upload(core::Snowflake channel, std::string_view content,
                                std::string_view nonce, std::string_view filename,
                                std::string_view uploaded_filename) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    key_string(w, "content", content);
    // As for every message: a resent effect returns the earlier message instead of a second.
    key_string(w, "nonce", nonce);
    w.Key("enforce_nonce");
    w.Bool(true);
    w.Key("attachments");
    w.StartArray();
    w.StartObject();
    key_string(w, "id", "0");
    key_string(w, "filename", filename);
    key_string(w, "uploaded_filename", uploaded_filename);
    w.EndObject();
    w.EndArray();
    w.EndObject();
    return post_json("/channels/" + channel.str() + "/messages", b.GetString());
}

}  // namespace cordgate::adapters::discord
