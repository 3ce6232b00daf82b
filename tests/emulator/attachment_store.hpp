#pragma once
// What the emulator's CDN and its stand-in for Discord's Google Cloud Storage bucket hold:
// - files: every attachment by id; one given by a test (control API, seed) has no bytes
//   stored, its content is made on the fly (attachment_byte), so a thousand 1 MiB files cost
//   nothing; an uploaded one keeps the bytes it was sent.
// - uploads: the official client's cloud-upload flow (discord-userdoccers
//   pages/topics/cloud-uploads.mdx; discord.py-self discord/http.py `get_attachment_urls`,
//   `upload_to_cloud`, discord/file.py `CloudFile`): POST /channels/{id}/attachments announces
//   files and gets an upload URL each, PUT sends the bytes there, and the message names
//   `uploaded_filename`.
// - the CDN's clock: URLs are signed when issued and expire `ttl_s` later; a test moves the
//   clock forward (`advance`) to make every URL issued so far stale.
// Pure: times are passed in (the server passes the world's clock).

#include <tests/emulator/signed_url.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::tests::emulator {

// The content of an attachment without stored bytes: byte i of attachment `id` is
// (i + id % 251) % 251, a pattern whose period is no power of two, so a chunk lost, repeated
// or reordered anywhere in a copy changes the hash.
char attachment_byte(std::uint64_t attachment_id, std::uint64_t offset);
void fill_attachment(std::uint64_t attachment_id, std::uint64_t offset, char* out, std::size_t n);

struct StoredFile {
    std::uint64_t channel_id = 0;
    std::string filename;
    std::string content_type;
    std::uint64_t size = 0;
    std::shared_ptr<const std::string> data;  // null: made by fill_attachment
};

struct UploadRequest {
    std::string id;  // the client's reference, echoed
    std::string filename;
    std::uint64_t file_size = 0;
    std::string content_type;  // original_content_type, if given
};

struct UploadSlot {
    std::string id;
    std::string upload_url;
    std::string upload_filename;
};

// A claimed upload, ready to become an attachment.
struct UploadedFile {
    std::string filename;
    std::string content_type;
    std::shared_ptr<const std::string> data;
};

enum class PutResult { stored, unknown, wrong_size };
enum class ClaimResult { ok, unknown, not_uploaded };

class AttachmentStore {
  public:
    // Discord's example URLs are valid 14 days (ex - is in pages/reference.mdx and
    // cloud-uploads.mdx: 0x127500 s).
    static constexpr std::uint64_t kDefaultTtlS = 1'209'600;
    // The default per-file limit for a user without Nitro (pages/reference.mdx, "Upload
    // Limits": "The default limit is 10 MiB for all users").
    static constexpr std::uint64_t kDefaultUploadLimit = 10ull << 20;

    // The CDN's time: the emulator's clock plus what tests advanced it by.
    std::uint64_t now_s(std::uint64_t clock_ms) const { return clock_ms / 1000 + advanced_s_; }
    void advance(std::uint64_t seconds) { advanced_s_ += seconds; }
    void set_ttl(std::uint64_t seconds) { ttl_s_ = seconds; }
    std::uint64_t ttl() const { return ttl_s_; }
    void set_upload_limit(std::uint64_t bytes) { upload_limit_ = bytes; }
    std::uint64_t upload_limit() const { return upload_limit_; }

    // Keeps the file and returns its signed URL.
    std::string add(std::uint64_t attachment_id, StoredFile file, std::uint64_t clock_ms);
    const StoredFile* find(std::uint64_t attachment_id) const;

    // `base` is where PUTs reach the emulator (http://host:port).
    std::vector<UploadSlot> create_uploads(std::uint64_t user_id, std::uint64_t channel_id,
                                           const std::vector<UploadRequest>& files,
                                           const std::string& base);
    // `path` is what follows /_upload/ (the upload_filename).
    PutResult put(const std::string& upload_filename, std::string body);
    ClaimResult claim(std::uint64_t user_id, std::uint64_t channel_id,
                      const std::string& upload_filename, UploadedFile& out);
    bool remove_upload(std::uint64_t user_id, const std::string& upload_filename);

  private:
    struct PendingUpload {
        std::uint64_t user_id = 0;
        std::uint64_t channel_id = 0;
        std::string filename;
        std::string content_type;
        std::uint64_t declared_size = 0;
        std::shared_ptr<const std::string> data;  // null until PUT
    };

    std::map<std::uint64_t, StoredFile> files_;
    std::map<std::string, PendingUpload> uploads_;  // by upload_filename
    std::uint64_t next_upload_ = 1;
    std::uint64_t advanced_s_ = 0;
    std::uint64_t ttl_s_ = kDefaultTtlS;
    std::uint64_t upload_limit_ = kDefaultUploadLimit;
};

// A media type from the file name's extension, for uploads that name none (what Discord
// detects from the bytes; the emulator only knows the common ones).
std::string content_type_for(const std::string& filename);

}  // namespace cordgate::tests::emulator
