#pragma once
// The two file effects of one user's session, each a few steps around one streamed Transfer:
//
// discord.rehost_file (Discord -> the user's XMPP upload slot): the CDN URL is refreshed first
// when its signature has expired (POST /attachments/refresh-urls), or once after the CDN
// answers 404; then CDN -> PUT put_url with the slot's headers. The answer is
// discord.file_rehosted with the bytes copied and their SHA-256, or the error; the core falls
// back to Discord's URL then.
//
// discord.probe_file (a sticker's or an embed's image, whose size the message does not give):
// the same source's answer head only, its body left unread; discord.file_probed with the size
// and type, or the error.
//
// A slot of cordgate's own store (put_url `cordgate-store:<name>`, common/store_url.hpp) is
// written to the LocalFileStore instead of PUT: room made first, the file renamed into place
// when whole, the part file deleted on any failure.
//
// discord.upload_attachment with source_url (the user's file -> Discord): only from an allowed
// upload host (file_policy.hpp), within Discord's size limit, then the official client's flow:
// POST /channels/{id}/attachments -> PUT upload_url -> POST /channels/{id}/messages naming
// `uploaded_filename` (discord-userdoccers pages/topics/cloud-uploads.mdx). If Discord has no
// upload URLs to give (404/405 on the first step), the file is read (it is within the limit)
// and sent as multipart, as files always were. Any refusal is discord.effect_failed with a
// text saying what went wrong.

#include <adapters/discord/core_link.hpp>
#include <adapters/discord/file_policy.hpp>
#include <adapters/discord/file_store.hpp>
#include <adapters/discord/rest_pipeline.hpp>
#include <adapters/discord/transfer.hpp>
#include <core/effect.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace cordgate::adapters::discord {

class FileJobs {
  public:
    using MakeTransfer = std::function<std::unique_ptr<Transfer>(TransferOptions)>;
    using UnixSeconds = std::function<std::uint64_t()>;

    // `cdn` is where Discord's CDN is reached (cdn_base): a CDN URL's path and query are
    // fetched there.
    // `store`: the process's own file store, or null when it has none.
    FileJobs(std::string user, RestPipeline& pipeline, CoreLink& core, FilesConfig config, Url cdn,
             MakeTransfer make_transfer, UnixSeconds now, LocalFileStore* store = nullptr);
    ~FileJobs();
    FileJobs(const FileJobs&) = delete;
    FileJobs& operator=(const FileJobs&) = delete;

    // True: underway, and the effect is completed (CoreLink::complete) when done, whatever the
    // outcome. False: refused at once (answered already; the caller completes it).
    bool rehost(const core::Effect& effect);
    bool probe(const core::Effect& effect);
    bool upload(const core::Effect& effect, core::Snowflake channel);
    void abandon(const std::string& why);
    bool has(std::uint64_t effect_id) const { return jobs_.count(effect_id) > 0; }
    std::size_t underway() const { return jobs_.size(); }

  private:
    struct Job {
        core::Effect effect;
        std::unique_ptr<Transfer> transfer;
        std::string source_url;  // rehost: the CDN URL, refreshed at most once
        bool refreshed = false;
        core::Snowflake channel;   // upload
        std::uint64_t length = 0;  // upload: the source's Content-Length
        std::string content_type;  // upload: the source's
        std::string stored;        // rehost into the store: the name being written
    };

    Job* find(std::uint64_t key);
    void submit(std::uint64_t key, RestRequest request,
                std::function<void(Job&, RestOutcome)> next);

    void refresh(std::uint64_t key);
    void fetch_from_cdn(std::uint64_t key);
    void store_locally(std::uint64_t key, const std::string& name, std::uint64_t length);
    // Answers a probe from the source's head; a non-empty head.error is the failure.
    void probed(const std::string& request_id, const TransferHead& head);
    void rehosted(std::uint64_t key, TransferResult result);
    void rehost_failed(std::uint64_t key, std::string error);

    void ask_upload_url(std::uint64_t key);
    void put_to_discord(std::uint64_t key, std::string upload_url, std::string upload_filename);
    void send_multipart(std::uint64_t key);
    void upload_failed(std::uint64_t key, std::string error, std::optional<int> status = {},
                       std::optional<core::Refusal> refusal = {});
    void done(std::uint64_t key);

    std::string user_;
    RestPipeline& pipeline_;
    CoreLink& core_;
    FilesConfig config_;
    Url cdn_;
    MakeTransfer make_transfer_;
    UnixSeconds now_;
    LocalFileStore* store_;
    std::map<std::uint64_t, Job> jobs_;  // by effect id
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cordgate::adapters::discord
