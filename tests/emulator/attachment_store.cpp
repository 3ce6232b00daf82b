#include <tests/emulator/attachment_store.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <utility>

namespace cordgate::tests::emulator {

char attachment_byte(std::uint64_t attachment_id, std::uint64_t offset) {
    return static_cast<char>((offset + attachment_id % 251) % 251);
}

void fill_attachment(std::uint64_t attachment_id, std::uint64_t offset, char* out, std::size_t n) {
    std::uint64_t v = (offset + attachment_id % 251) % 251;
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = static_cast<char>(v);
        if (++v == 251) v = 0;
    }
}

std::string AttachmentStore::add(std::uint64_t attachment_id, StoredFile file,
                                 std::uint64_t clock_ms) {
    const AttachmentPath path{file.channel_id, attachment_id, file.filename};
    files_[attachment_id] = std::move(file);
    return signed_attachment_url(path, now_s(clock_ms), ttl_s_);
}

const StoredFile* AttachmentStore::find(std::uint64_t attachment_id) const {
    auto it = files_.find(attachment_id);
    return it == files_.end() ? nullptr : &it->second;
}

std::vector<UploadSlot> AttachmentStore::create_uploads(std::uint64_t user_id,
                                                        std::uint64_t channel_id,
                                                        const std::vector<UploadRequest>& files,
                                                        const std::string& base) {
    std::vector<UploadSlot> out;
    for (const UploadRequest& f : files) {
        const std::uint64_t n = next_upload_++;
        // Shaped like Discord's (a UUID, then the file name), counted so runs repeat.
        char uuid[40];
        std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012llx",
                      static_cast<unsigned long long>(n));
        const std::string upload_filename = std::string(uuid) + "/" + f.filename;
        PendingUpload p;
        p.user_id = user_id;
        p.channel_id = channel_id;
        p.filename = f.filename;
        p.content_type = f.content_type.empty() ? content_type_for(f.filename) : f.content_type;
        p.declared_size = f.file_size;
        uploads_[upload_filename] = std::move(p);
        out.push_back(UploadSlot{
            f.id, base + "/_upload/" + upload_filename + "?upload_id=u" + std::to_string(n),
            upload_filename});
    }
    return out;
}

PutResult AttachmentStore::put(const std::string& upload_filename, std::string body) {
    auto it = uploads_.find(upload_filename);
    if (it == uploads_.end()) return PutResult::unknown;
    if (body.size() != it->second.declared_size) return PutResult::wrong_size;
    it->second.data = std::make_shared<const std::string>(std::move(body));
    return PutResult::stored;
}

ClaimResult AttachmentStore::claim(std::uint64_t user_id, std::uint64_t channel_id,
                                   const std::string& upload_filename, UploadedFile& out) {
    auto it = uploads_.find(upload_filename);
    if (it == uploads_.end() || it->second.user_id != user_id ||
        it->second.channel_id != channel_id)
        return ClaimResult::unknown;
    if (!it->second.data) return ClaimResult::not_uploaded;
    out.filename = it->second.filename;
    out.content_type = it->second.content_type;
    out.data = it->second.data;
    uploads_.erase(it);
    return ClaimResult::ok;
}

bool AttachmentStore::remove_upload(std::uint64_t user_id, const std::string& upload_filename) {
    auto it = uploads_.find(upload_filename);
    if (it == uploads_.end() || it->second.user_id != user_id) return false;
    uploads_.erase(it);
    return true;
}

std::string content_type_for(const std::string& filename) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes{{
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"ogg", "audio/ogg"},
        {"opus", "audio/ogg"},
        {"m4a", "audio/mp4"},
        {"mp3", "audio/mpeg"},
        {"mp4", "video/mp4"},
        {"txt", "text/plain; charset=utf-8"},
        {"pdf", "application/pdf"},
    }};
    const std::size_t dot = filename.rfind('.');
    if (dot == std::string::npos) return "application/octet-stream";
    std::string ext = filename.substr(dot + 1);
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [e, t] : kTypes)
        if (e == ext) return std::string(t);
    return "application/octet-stream";
}

}  // namespace cordgate::tests::emulator
