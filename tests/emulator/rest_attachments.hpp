#pragma once
// The REST side of attachments (discord-userdoccers pages/topics/cloud-uploads.mdx):
// POST /channels/{id}/attachments, POST /attachments/refresh-urls, DELETE
// /attachments/{upload_filename}, and what POST /channels/{id}/messages does with
// `attachments: [{id, filename, uploaded_filename}]` and with files over the size limit.

#include <tests/emulator/http_types.hpp>
#include <tests/emulator/world.hpp>

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cordgate::tests::emulator {

// `{files: [{id?, filename, file_size, original_content_type?}]}` (1-10) ->
// `{attachments: [{id, upload_url, upload_filename}]}`; upload URLs point at `base`.
HttpResponse create_attachments(World& world, const std::string& body, std::uint64_t user_id,
                                std::uint64_t channel_id, const std::string& base);

// `{attachment_urls: [...]}` (1-50) -> `{refreshed_urls: [{original, refreshed}]}`.
HttpResponse refresh_attachment_urls(World& world, const std::string& body, std::uint64_t clock_ms);

// The message body's `attachments` that name an `uploaded_filename`, claimed from the store
// (they can be used once). Throws ApiError 400 50035 for one not uploaded by this user to
// this channel.
std::vector<Attachment> claim_uploaded_attachments(World& world, const rapidjson::Value& doc,
                                                   std::uint64_t user_id, std::uint64_t channel_id);

// Throws ApiError 413 40005 when a file is over the store's upload limit ("Request entity too
// large", discord-api-docs topics/opcodes_and_status_codes.md, JSON error codes).
void check_upload_limit(const World& world, const std::vector<Attachment>& files);

}  // namespace cordgate::tests::emulator
