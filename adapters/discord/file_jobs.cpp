#include <adapters/discord/encodings.hpp>
#include <adapters/discord/file_jobs.hpp>
#include <adapters/discord/file_requests.hpp>
#include <adapters/discord/refusal.hpp>
#include <common/store_url.hpp>

#include <spdlog/spdlog.h>
#include <strings.h>

#include <limits>

namespace cordgate::adapters::discord {
namespace {

std::string mib(std::uint64_t bytes) {
    const std::uint64_t whole = bytes >> 20;
    return (whole << 20) == bytes ? std::to_string(whole) + " MiB"
                                  : std::to_string(bytes) + " bytes";
}

}  // namespace

FileJobs::FileJobs(std::string user, RestPipeline& pipeline, CoreLink& core, FilesConfig config,
                   Url cdn, MakeTransfer make_transfer, UnixSeconds now, LocalFileStore* store)
    : user_(std::move(user)),
      pipeline_(pipeline),
      core_(core),
      config_(std::move(config)),
      cdn_(std::move(cdn)),
      make_transfer_(std::move(make_transfer)),
      now_(std::move(now)),
      store_(store) {}

FileJobs::~FileJobs() {
    *alive_ = false;
    for (auto& [key, job] : jobs_)
        if (!job.stored.empty()) store_->discard(job.stored);
}

FileJobs::Job* FileJobs::find(std::uint64_t key) {
    auto it = jobs_.find(key);
    return it == jobs_.end() ? nullptr : &it->second;
}

void FileJobs::submit(std::uint64_t key, RestRequest request,
                      std::function<void(Job&, RestOutcome)> next) {
    pipeline_.submit(std::move(request),
                     [this, alive = alive_, key, next = std::move(next)](RestOutcome outcome) {
                         if (!*alive) return;
                         if (Job* job = find(key)) next(*job, std::move(outcome));
                     });
}

void FileJobs::done(std::uint64_t key) {
    auto it = jobs_.find(key);
    if (it == jobs_.end()) return;
    core_.complete(it->second.effect.id);
    if (!it->second.stored.empty()) store_->discard(it->second.stored);
    // The transfer may be the caller up the stack: destroy it once that call has returned.
    if (it->second.transfer) it->second.transfer->cancel();
    jobs_.erase(it);
}

// ---- Discord -> XMPP ------------------------------------------------------------------------

bool FileJobs::rehost(const core::Effect& effect) {
    const auto& r = std::get<core::RehostDiscordFile>(effect.payload);
    const std::uint64_t key = effect.id;
    if (jobs_.count(key)) return true;  // a resend of one underway
    if (!discord_cdn_target(r.source_url)) {
        // Answered at once; the caller completes the effect.
        core::DiscordFileRehosted answer;
        answer.request_id = r.request_id;
        answer.error = "not a URL on Discord's CDN: " + r.source_url;
        core_.publish(user_, std::move(answer));
        return false;
    }
    Job& job = jobs_[key];
    job.effect = effect;
    job.source_url = r.source_url;
    if (needs_refresh(r.source_url, now_()))
        refresh(key);
    else
        fetch_from_cdn(key);
    return true;
}

void FileJobs::refresh(std::uint64_t key) {
    Job& job = *find(key);
    job.refreshed = true;
    submit(key, refresh_urls(job.source_url), [this, key](Job& job, RestOutcome outcome) {
        if (!outcome.ok()) {
            rehost_failed(key, "refreshing the expired Discord URL failed: " +
                                   (outcome.response.status
                                        ? "HTTP " + std::to_string(outcome.response.status)
                                        : outcome.response.error));
            return;
        }
        auto fresh = refreshed_url(outcome.response.body, job.source_url);
        if (!fresh || !discord_cdn_target(*fresh)) {
            rehost_failed(key, "Discord did not refresh the URL");
            return;
        }
        job.source_url = *fresh;
        fetch_from_cdn(key);
    });
}

void FileJobs::fetch_from_cdn(std::uint64_t key) {
    Job& job = *find(key);
    const auto& r = std::get<core::RehostDiscordFile>(job.effect.payload);
    const Url source = *discord_media_source(job.source_url, cdn_);
    TransferOptions options;
    options.max_bytes = r.max_bytes;
    options.timeout = config_.transfer_timeout;
    if (job.transfer) job.transfer->cancel();
    job.transfer = make_transfer_(options);
    job.transfer->open(source, {}, [this, alive = alive_, key](TransferHead head) {
        if (!*alive) return;
        Job* job = find(key);
        if (!job) return;
        const auto& r = std::get<core::RehostDiscordFile>(job->effect.payload);
        // The CDN's view of expiry is the one that counts: one refresh, then give up.
        if (head.status == 404 && !job->refreshed) {
            refresh(key);
            return;
        }
        if (!head.error.empty()) {
            rehost_failed(key, head.error);
            return;
        }
        if (r.size && head.length && *head.length != r.size) {
            rehost_failed(key, "Discord's file is " + std::to_string(*head.length) +
                                   " bytes, not the " + std::to_string(r.size) + " announced");
            return;
        }
        if (auto name = common::store_name(r.put_url)) {
            store_locally(key, *name, *head.length);
            return;
        }
        auto sink = parse_url(r.put_url);
        if (!sink) {
            rehost_failed(key, "the upload slot's URL is not an http(s) URL");
            return;
        }
        HeaderList headers;
        bool has_type = false;
        for (const auto& h : r.put_headers) {
            headers.emplace_back(h.name, h.value);
            has_type |= h.name.size() == 12 && strncasecmp(h.name.c_str(), "content-type", 12) == 0;
        }
        if (!has_type)
            headers.emplace_back(
                "Content-Type",
                r.content_type.value_or(head.content_type.empty() ? "application/octet-stream"
                                                                  : head.content_type));
        job->transfer->send_to(*sink, std::move(headers),
                               [this, alive = alive_, key](TransferResult result) {
                                   if (*alive) rehosted(key, std::move(result));
                               });
    });
}

bool FileJobs::probe(const core::Effect& effect) {
    const auto& p = std::get<core::ProbeDiscordFile>(effect.payload);
    const std::uint64_t key = effect.id;
    if (jobs_.count(key)) return true;
    auto source = discord_media_source(p.source_url, cdn_);
    if (!source) {
        TransferHead refused;
        refused.error = "not a URL on Discord's media hosts: " + p.source_url;
        probed(p.request_id, refused);
        return false;
    }
    Job& job = jobs_[key];
    job.effect = effect;
    TransferOptions options;
    options.max_bytes = std::numeric_limits<std::uint64_t>::max();  // the core weighs the size
    options.timeout = config_.transfer_timeout;
    job.transfer = make_transfer_(options);
    job.transfer->open(*source, {}, [this, alive = alive_, key](TransferHead head) {
        if (!*alive) return;
        Job* job = find(key);
        if (!job) return;
        const auto& p = std::get<core::ProbeDiscordFile>(job->effect.payload);
        if (head.error.empty() && !head.length) head.error = "Discord did not tell the file's size";
        probed(p.request_id, head);
        done(key);
    });
    return true;
}

void FileJobs::probed(const std::string& request_id, const TransferHead& head) {
    core::DiscordFileProbed answer;
    answer.request_id = request_id;
    if (head.error.empty()) {
        answer.ok = true;
        answer.bytes = head.length;
        if (!head.content_type.empty()) answer.content_type = head.content_type;
    } else {
        spdlog::warn("discord[{}]: file {} not probed: {}", user_, request_id, head.error);
        answer.error = head.error;
    }
    core_.publish(user_, std::move(answer));
}

void FileJobs::store_locally(std::uint64_t key, const std::string& name, std::uint64_t length) {
    if (!store_) {
        rehost_failed(key, "this gateway has no file store of its own ([files] store_dir)");
        return;
    }
    auto where = store_->prepare(name, length, static_cast<std::int64_t>(now_()));
    if (const auto* refused = std::get_if<std::string>(&where)) {
        rehost_failed(key, *refused);
        return;
    }
    Job& job = *find(key);
    job.stored = name;
    job.transfer->store_to(
        std::get<std::filesystem::path>(where), [this, alive = alive_, key](TransferResult result) {
            if (!*alive) return;
            Job* job = find(key);
            if (!job) return;
            if (result.outcome == TransferOutcome::copied && !store_->commit(job->stored)) {
                result.outcome = TransferOutcome::sink_failed;
                result.error = "the file store could not keep the file";
            }
            if (result.outcome == TransferOutcome::copied) job->stored.clear();
            rehosted(key, std::move(result));
        });
}

void FileJobs::rehosted(std::uint64_t key, TransferResult result) {
    Job* job = find(key);
    if (!job) return;
    if (result.outcome != TransferOutcome::copied) {
        std::string error = result.error;
        if (!result.sink_body.empty()) error += " (" + result.sink_body.substr(0, 200) + ")";
        rehost_failed(key, std::move(error));
        return;
    }
    const auto& r = std::get<core::RehostDiscordFile>(job->effect.payload);
    spdlog::info("discord[{}]: file {} re-hosted ({} bytes)", user_, r.request_id, result.bytes);
    core::DiscordFileRehosted answer;
    answer.request_id = r.request_id;
    answer.ok = true;
    answer.bytes = result.bytes;
    answer.sha256_base64 = std::move(result.sha256_base64);
    core_.publish(user_, std::move(answer));
    done(key);
}

void FileJobs::rehost_failed(std::uint64_t key, std::string error) {
    Job* job = find(key);
    if (!job) return;
    const auto& r = std::get<core::RehostDiscordFile>(job->effect.payload);
    spdlog::warn("discord[{}]: file {} not re-hosted: {}", user_, r.request_id, error);
    core::DiscordFileRehosted answer;
    answer.request_id = r.request_id;
    answer.ok = false;
    answer.error = std::move(error);
    core_.publish(user_, std::move(answer));
    done(key);
}

// ---- XMPP -> Discord ------------------------------------------------------------------------

bool FileJobs::upload(const core::Effect& effect, core::Snowflake channel) {
    const auto& u = std::get<core::UploadDiscordAttachment>(effect.payload);
    const std::uint64_t key = effect.id;
    if (jobs_.count(key)) return true;
    const SourceCheck check = check_upload_source(u.source_url.value_or(""), config_);
    std::string refused;
    switch (check.verdict) {
        case SourceVerdict::allowed:
            break;
        case SourceVerdict::malformed:
        case SourceVerdict::plain_http_off_loopback:
        case SourceVerdict::host_not_allowed:
            refused = describe_refusal(check.verdict, u.source_url.value_or(""));
            break;
    }
    if (refused.empty() && u.size && *u.size > config_.discord_upload_limit)
        refused = "the file is larger than Discord's limit of " +
                  mib(config_.discord_upload_limit) + " for this account";
    if (!refused.empty()) {
        // Answered at once; the caller completes the effect.
        core_.effect_failed(effect, "the file was not sent to Discord: " + refused);
        return false;
    }
    Job& job = jobs_[key];
    job.effect = effect;
    job.channel = channel;
    TransferOptions options;
    options.max_bytes = config_.discord_upload_limit;
    options.timeout = config_.transfer_timeout;
    options.check_addresses = true;
    options.allow_private = config_.allow_private_hosts;
    job.transfer = make_transfer_(options);
    job.transfer->open(check.url, {}, [this, alive = alive_, key](TransferHead head) {
        if (!*alive) return;
        Job* job = find(key);
        if (!job) return;
        if (head.status / 100 == 2 && head.length && *head.length > config_.discord_upload_limit) {
            upload_failed(key, "the file is " + std::to_string(*head.length) +
                                   " bytes, larger than Discord's limit of " +
                                   mib(config_.discord_upload_limit) + " for this account");
            return;
        }
        if (!head.error.empty()) {
            upload_failed(key, head.error);
            return;
        }
        job->length = *head.length;
        job->content_type = head.content_type;
        ask_upload_url(key);
    });
    return true;
}

void FileJobs::ask_upload_url(std::uint64_t key) {
    Job& job = *find(key);
    const auto& u = std::get<core::UploadDiscordAttachment>(job.effect.payload);
    std::optional<std::string_view> type;
    if (u.content_type) type = *u.content_type;
    submit(key, request_upload_url(job.channel, u.filename, job.length, type),
           [this, key](Job&, RestOutcome outcome) {
               const int status = outcome.response.status;
               if (status == 404 || status == 405) {
                   send_multipart(key);
                   return;
               }
               if (!outcome.ok()) {
                   if (status == 0) {
                       upload_failed(key, outcome.response.error, std::nullopt,
                                     core::Refusal::transport);
                       return;
                   }
                   RefusalInfo refused = classify_refusal(status, outcome.response.body);
                   upload_failed(key, std::move(refused.reason), status, refused.kind);
                   return;
               }
               auto slot = cloud_upload_of(outcome.response.body);
               if (!slot) {
                   upload_failed(key, "Discord gave no upload URL for the file");
                   return;
               }
               put_to_discord(key, slot->upload_url, slot->upload_filename);
           });
}

void FileJobs::put_to_discord(std::uint64_t key, std::string upload_url,
                              std::string upload_filename) {
    Job& job = *find(key);
    auto sink = parse_url(upload_url);
    if (!sink) {
        upload_failed(key, "Discord's upload URL is not an http(s) URL");
        return;
    }
    // No Content-Type: discord.py-self sends it empty, Google's storage refuses a wrong one.
    job.transfer->send_to(
        *sink, {},
        [this, alive = alive_, key,
         upload_filename = std::move(upload_filename)](TransferResult result) {
            if (!*alive) return;
            Job* job = find(key);
            if (!job) return;
            if (result.outcome != TransferOutcome::copied) {
                upload_failed(key, result.error);
                return;
            }
            const auto& u = std::get<core::UploadDiscordAttachment>(job->effect.payload);
            submit(
                key,
                message_with_upload(job->channel, u.content, u.nonce, u.filename, upload_filename),
                [this, key](Job&, RestOutcome outcome) {
                    if (outcome.ok()) {
                        done(key);
                        return;
                    }
                    const int status = outcome.response.status;
                    if (status == 0) {
                        upload_failed(key, outcome.response.error, std::nullopt,
                                      core::Refusal::transport);
                        return;
                    }
                    RefusalInfo refused = classify_refusal(status, outcome.response.body);
                    upload_failed(key, std::move(refused.reason), status, refused.kind);
                });
        });
}

void FileJobs::send_multipart(std::uint64_t key) {
    Job& job = *find(key);
    job.transfer->read_all([this, alive = alive_, key](TransferResult result, std::string bytes) {
        if (!*alive) return;
        Job* job = find(key);
        if (!job) return;
        if (result.outcome != TransferOutcome::copied) {
            upload_failed(key, result.error);
            return;
        }
        core::UploadDiscordAttachment u =
            std::get<core::UploadDiscordAttachment>(job->effect.payload);
        u.data_base64 = base64(bytes);
        u.source_url.reset();
        if (!u.content_type && !job->content_type.empty()) u.content_type = job->content_type;
        std::optional<RestRequest> request;
        try {
            request = request_for(u, job->channel);
        } catch (const std::invalid_argument& e) {
            upload_failed(key, e.what());
            return;
        }
        submit(key, std::move(*request), [this, key](Job&, RestOutcome outcome) {
            if (outcome.ok()) {
                done(key);
                return;
            }
            const int status = outcome.response.status;
            RefusalInfo refused = classify_refusal(status, outcome.response.body);
            upload_failed(key, status ? std::move(refused.reason) : outcome.response.error,
                          status ? std::optional<int>(status) : std::nullopt,
                          status ? refused.kind : core::Refusal::transport);
        });
    });
}

void FileJobs::upload_failed(std::uint64_t key, std::string error, std::optional<int> status,
                             std::optional<core::Refusal> refusal) {
    Job* job = find(key);
    if (!job) return;
    core_.effect_failed(job->effect, "the file was not sent to Discord: " + error, status, refusal);
    done(key);
}

void FileJobs::abandon(const std::string& why) {
    auto jobs = std::move(jobs_);
    jobs_.clear();
    for (auto& [key, job] : jobs) {
        if (job.transfer) job.transfer->cancel();
        if (!job.stored.empty()) store_->discard(job.stored);
        if (const auto* r = std::get_if<core::RehostDiscordFile>(&job.effect.payload)) {
            core::DiscordFileRehosted answer;
            answer.request_id = r->request_id;
            answer.error = "the session ended (" + why + ")";
            core_.publish(user_, std::move(answer));
        } else {
            core_.effect_failed(job.effect, "the session ended (" + why + ")", std::nullopt,
                                core::Refusal::session_gone);
        }
        core_.complete(job.effect.id);
    }
}

}  // namespace cordgate::adapters::discord
