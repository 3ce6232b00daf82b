#include <adapters/discord/avatar.hpp>
#include <adapters/discord/effect_executor.hpp>
#include <adapters/discord/json_escapes.hpp>
#include <adapters/discord/json_read.hpp>
#include <adapters/discord/profile_read.hpp>
#include <adapters/discord/refusal.hpp>
#include <adapters/discord/rest_request.hpp>
#include <adapters/discord/translate.hpp>

#include <spdlog/spdlog.h>

namespace cordgate::adapters::discord {
namespace {

std::optional<std::string> error_message(const std::string& body) {
    const std::string text = repaired_json_text(body);  // the reason is published
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
    try {
        return opt_string(doc, "message", "");
    } catch (const MalformedPayload&) {
        return std::nullopt;
    }
}

}  // namespace

EffectExecutor::EffectExecutor(std::string user, RestPipeline& pipeline, CoreLink& core,
                               CdnFetch cdn, std::string cdn_path, DmBody dm_body,
                               FileJobsFactory files)
    : user_(std::move(user)),
      pipeline_(pipeline),
      core_(core),
      cdn_(std::move(cdn)),
      cdn_path_(std::move(cdn_path)),
      dm_body_(dm_body),
      files_(files(user_, pipeline, core)) {}

EffectExecutor::~EffectExecutor() {
    *alive_ = false;
}

bool EffectExecutor::execute(const core::Effect& effect) {
    // A resend of an effect still underway (the bus repeats unacknowledged ones).
    if (jobs_.count(effect.id)) return true;
    // Files are streamed by FileJobs, a few steps each, not one REST request.
    if (std::holds_alternative<core::RehostDiscordFile>(effect.payload))
        return files_->rehost(effect);
    if (std::holds_alternative<core::ProbeDiscordFile>(effect.payload))
        return files_->probe(effect);
    const auto* upload = std::get_if<core::UploadDiscordAttachment>(&effect.payload);
    if (upload && upload->source_url) {
        if (files_->has(effect.id)) return true;
        std::optional<core::Snowflake> channel = upload->channel_id;
        if (!channel && upload->recipient_id) {
            auto known = dm_channels_.find(*upload->recipient_id);
            if (known != dm_channels_.end()) channel = known->second;
        }
        // Without the DM channel yet, it is opened below first.
        if (channel) return files_->upload(effect, *channel);
    }
    Job job{effect, std::nullopt};
    std::optional<RestRequest> request;
    try {
        if (auto recipient = dm_needed(effect.payload)) {
            auto known = dm_channels_.find(*recipient);
            if (known != dm_channels_.end()) {
                request = request_for(effect.payload, known->second);
            } else {
                request = open_dm(*recipient, dm_body_);
                job.opening_dm_with = recipient;
            }
        } else {
            request = request_for(effect.payload);
        }
    } catch (const std::invalid_argument& e) {
        core_.effect_failed(effect, e.what());
        return false;
    }
    if (!request) {
        core_.effect_failed(effect,
                            std::string("not an effect this adapter knows: ") + effect.type());
        return false;
    }
    const std::uint64_t key = effect.id;
    jobs_.emplace(key, std::move(job));
    submit(key, std::move(*request));
    return true;
}

void EffectExecutor::submit(std::uint64_t key, RestRequest request) {
    pipeline_.submit(std::move(request), [this, alive = alive_, key](RestOutcome outcome) {
        if (*alive) on_outcome(key, std::move(outcome));
    });
}

void EffectExecutor::finish(std::uint64_t key) {
    auto it = jobs_.find(key);
    if (it == jobs_.end()) return;
    core_.complete(it->second.effect.id);
    jobs_.erase(it);
}

void EffectExecutor::fail(std::uint64_t key, std::string reason, std::optional<int> status,
                          std::optional<core::Refusal> refusal) {
    auto it = jobs_.find(key);
    if (it == jobs_.end()) return;
    core_.effect_failed(it->second.effect, std::move(reason), status, refusal);
    finish(key);
}

void EffectExecutor::on_outcome(std::uint64_t key, RestOutcome outcome) {
    auto it = jobs_.find(key);
    if (it == jobs_.end()) return;
    Job& job = it->second;
    HttpResponse& res = outcome.response;
    if (res.status == 0) {
        fail(key, res.error.empty() ? "no answer from Discord" : res.error, std::nullopt,
             core::Refusal::transport);
        return;
    }
    if (!outcome.ok()) {
        if (res.status == 401 && unauthorized_) {
            std::string reason = "HTTP 401";
            if (auto message = error_message(res.body)) reason += ": " + *message;
            unauthorized_("Discord refused the token (" + reason + ")");
        }
        RefusalInfo refused = classify_refusal(res.status, res.body);
        fail(key, std::move(refused.reason), res.status, refused.kind);
        return;
    }
    if (job.opening_dm_with) {
        auto channel = channel_id_of(res.body);
        if (!channel) {
            fail(key, "opening the DM gave no channel id");
            return;
        }
        dm_channels_[*job.opening_dm_with] = *channel;
        job.opening_dm_with.reset();
        const auto* upload = std::get_if<core::UploadDiscordAttachment>(&job.effect.payload);
        if (upload && upload->source_url) {
            // FileJobs completes it from here, unless it refused at once.
            if (!files_->upload(job.effect, *channel)) {
                finish(key);
                return;
            }
            jobs_.erase(it);
            return;
        }
        submit(key, *request_for(job.effect.payload, *channel));
        return;
    }
    if (const auto* f = std::get_if<core::FetchDiscordUser>(&job.effect.payload)) {
        // With an avatar to fetch, the effect finishes when the CDN has answered.
        if (publish_profile(key, f->profile, res.body)) return;
    }
    if (const auto* h = std::get_if<core::FetchDiscordHistory>(&job.effect.payload)) {
        publish_history(key, h->channel_id, res.body);
    }
    spdlog::debug("discord[{}]: effect {} done after {} attempt(s)", user_, key, outcome.attempts);
    finish(key);
}

bool EffectExecutor::publish_profile(std::uint64_t key, bool with_avatar, const std::string& body) {
    core::DiscordUserProfile profile;
    try {
        profile = read_user_profile(body);
    } catch (const MalformedPayload& e) {
        core_.effect_failed(jobs_.at(key).effect,
                            std::string("the user Discord returned is malformed: ") + e.what());
        return false;
    }
    if (with_avatar && profile.user.avatar) {
        fetch_avatar(key, std::move(profile));
        return true;
    }
    core_.publish(user_, std::move(profile));
    return false;
}

void EffectExecutor::fetch_avatar(std::uint64_t key, core::DiscordUserProfile profile) {
    std::string path;
    try {
        path = cdn_path_ + avatar_path(profile.user.id, *profile.user.avatar);
    } catch (const std::invalid_argument& e) {
        spdlog::warn("discord[{}]: avatar of {} not fetched: {}", user_, profile.user.id.str(),
                     e.what());
        core_.publish(user_, std::move(profile));
        finish(key);
        return;
    }
    cdn_(path, [this, alive = alive_, key, path,
                profile = std::move(profile)](HttpResponse res) mutable {
        // An executor gone meanwhile has reported the effect as failed already.
        if (!*alive) return;
        if (res.status == 200 && !res.body.empty()) {
            auto type = res.headers.find("content-type");
            AvatarImage a = avatar_image(
                res.body, type == res.headers.end() ? std::string_view() : type->second);
            profile.avatar_type = std::move(a.type);
            profile.avatar_base64 = std::move(a.base64);
            profile.avatar_sha1 = std::move(a.sha1_hex);
        } else {
            // The profile is still worth having without its picture.
            spdlog::warn("discord[{}]: avatar {} not fetched ({}), profile sent without it", user_,
                         path, res.status ? "HTTP " + std::to_string(res.status) : res.error);
        }
        core_.publish(user_, std::move(profile));
        finish(key);
    });
}

void EffectExecutor::publish_history(std::uint64_t key, core::Snowflake channel_id,
                                     const std::string& body) {
    try {
        HistoryTranslation h = translate_history(channel_id, body);
        for (const auto& why : h.skipped) {
            spdlog::error("discord[{}]: history of {}: message {} malformed, left out", user_,
                          channel_id.str(), why);
        }
        core_.publish(user_, std::move(h.history));
    } catch (const MalformedPayload& e) {
        core_.effect_failed(jobs_.at(key).effect,
                            std::string("the channel history is malformed: ") + e.what());
    }
}

void EffectExecutor::abandon(const std::string& why) {
    files_->abandon(why);
    auto jobs = std::move(jobs_);
    jobs_.clear();
    for (auto& [key, job] : jobs) {
        core_.effect_failed(job.effect, "the session ended (" + why + ")", std::nullopt,
                            core::Refusal::session_gone);
        core_.complete(job.effect.id);
    }
}

}  // namespace cordgate::adapters::discord
