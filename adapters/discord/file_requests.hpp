#pragma once
// The REST calls around files, as the official client makes them (discord-userdoccers
// pages/topics/cloud-uploads.mdx; discord.py-self discord/http.py `get_attachment_urls`,
// discord/file.py `CloudFile.to_dict`). Pure.

#include <adapters/discord/rest_request.hpp>
#include <core/snowflake.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

// POST /attachments/refresh-urls {attachment_urls: [url]}.
RestRequest refresh_urls(std::string_view url);

// POST /channels/{id}/attachments {files: [{id: "0", filename, file_size,
// original_content_type?}]}: asks for an upload URL.
RestRequest request_upload_url(core::Snowflake channel, std::string_view filename,
                               std::uint64_t size, std::optional<std::string_view> content_type);

struct CloudUpload {
    std::string upload_url;
    std::string upload_filename;
};
// The first attachment of the answer; nullopt when it has none or is not JSON.
std::optional<CloudUpload> cloud_upload_of(std::string_view body);

// POST /channels/{id}/messages naming the uploaded file: {content, nonce, enforce_nonce,
// attachments: [{id: "0", filename, uploaded_filename}]}.
RestRequest message_with_upload(core::Snowflake channel, std::string_view content,
                                std::string_view nonce, std::string_view filename,
                                std::string_view uploaded_filename);

}  // namespace cordgate::adapters::discord
