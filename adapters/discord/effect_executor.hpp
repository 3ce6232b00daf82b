#pragma once
// Carries out one user's REST effects: each becomes a request (rest_request.hpp) on the
// session's pipeline, and its final outcome becomes what the core hears: nothing more for a
// plain success, discord.user_profile / discord.channel_history for the fetches, and
// discord.effect_failed for a refusal. A message to someone whose DM channel is not known yet
// opens the channel first and remembers it.

#include <adapters/discord/core_link.hpp>
#include <adapters/discord/file_jobs.hpp>
#include <adapters/discord/rest_pipeline.hpp>
#include <adapters/discord/rest_request.hpp>
#include <core/discord_events.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace cordgate::adapters::discord {

class EffectExecutor {
  public:
    // Fetches a CDN path (an avatar); the callback gets the answer.
    using CdnFetch =
        std::function<void(const std::string& path, std::function<void(HttpResponse)>)>;

    // Makes the session's FileJobs (file transfers) on the same pipeline and link.
    using FileJobsFactory =
        std::function<std::unique_ptr<FileJobs>(const std::string& user, RestPipeline&, CoreLink&)>;

    // `dm_body`: how a new DM is asked for (the official client's `recipients`, or a bot's).
    EffectExecutor(std::string user, RestPipeline& pipeline, CoreLink& core, CdnFetch cdn,
                   std::string cdn_path, DmBody dm_body, FileJobsFactory files);
    ~EffectExecutor();
    EffectExecutor(const EffectExecutor&) = delete;
    EffectExecutor& operator=(const EffectExecutor&) = delete;

    // Called on a 401: the token is no longer valid.
    void on_unauthorized(std::function<void(std::string reason)> callback) {
        unauthorized_ = std::move(callback);
    }

    // Queues the effect's request. False when it failed at once (reported, nothing to complete
    // later); true when it is underway and will be completed through CoreLink::complete.
    bool execute(const core::Effect& effect);
    // Reports every effect still underway as failed and completes it.
    void abandon(const std::string& why);

    std::size_t underway() const { return jobs_.size() + files_->underway(); }

  private:
    struct Job {
        core::Effect effect;
        std::optional<core::Snowflake> opening_dm_with;
    };

    void submit(std::uint64_t key, RestRequest request);
    void on_outcome(std::uint64_t key, RestOutcome outcome);
    void finish(std::uint64_t key);
    void fail(std::uint64_t key, std::string reason, std::optional<int> status = std::nullopt,
              std::optional<core::Refusal> refusal = std::nullopt);
    // Publishes discord.user_profile, or fetches the avatar first and returns true: the job is
    // finished then by fetch_avatar.
    bool publish_profile(std::uint64_t key, bool with_avatar, const std::string& body);
    void fetch_avatar(std::uint64_t key, core::DiscordUserProfile profile);
    void publish_history(std::uint64_t key, core::Snowflake channel_id, const std::string& body);

    std::string user_;
    RestPipeline& pipeline_;
    CoreLink& core_;
    CdnFetch cdn_;
    std::string cdn_path_;
    DmBody dm_body_;
    std::function<void(std::string)> unauthorized_;
    std::map<std::uint64_t, Job> jobs_;                       // by effect id
    std::map<core::Snowflake, core::Snowflake> dm_channels_;  // recipient -> DM channel
    std::unique_ptr<FileJobs> files_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cordgate::adapters::discord
