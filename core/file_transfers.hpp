#pragma once
// Discord files re-hosted on the user's own XMPP server (XEP-0363), and files from XMPP sent
// to Discord as real attachments.
//
// Discord -> XMPP, per file: [discord.probe_file -> discord.file_probed, for a sticker's or an
// embed's image, whose size the message does not give] -> xmpp.request_upload_slot ->
// xmpp.upload_slot -> discord.rehost_file -> discord.file_rehosted, then one message with the
// file's URL on the user's server (XEP-0066 OOB, XEP-0447 metadata). A message's text goes
// first, then one message per file; a chat holds every later message until the files ahead of
// it are done, so the user reads the chat in Discord's order. At most kMaxFilesInFlight files
// of a user are on their way at once; the next ones queue, oldest first. A file that cannot be
// copied (no slot, a failed copy, over the size cap, the Discord adapter restarted, no answer
// in time) goes out with Discord's own URL and a short note: never lost, never stuck.

#include <core/apply_context.hpp>
#include <core/conversation.hpp>
#include <core/event.hpp>
#include <core/rich_content.hpp>
#include <core/state.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::core::file_transfers {

// Files of one user on their way at once (probed, given a slot or copied); the next ones queue,
// up to kMaxFilesQueued, and any beyond keep Discord's URL (with a note): a flood of files holds
// a bounded state.
inline constexpr std::size_t kMaxFilesInFlight = 16;
inline constexpr std::size_t kMaxFilesQueued = 256;
// A file on its way with no answer for this long (by the events' time) keeps Discord's URL.
inline constexpr std::int64_t kGiveUpMs = 10 * 60 * 1000;

// The upload service of the user's server; nullptr when it has none or none is known yet.
const UploadService* service_for(const State& state, const Session& session);

// Whether a Discord message's files go through the pipeline (rendered apart from its text):
// the user's server has an upload service, or the message has several files (each then gets
// a message of its own with Discord's URL).
bool takes_files(const State& state, const Session& session, const std::vector<MessageFile>& files);

// A Discord message for the user, `message` already rendered (without its files when `files`
// is given): sent now when nothing in its chat waits, else held in order; its files each start
// their way and follow it. File messages get ids derived from this event.
void deliver_message(ApplyContext& ctx, Session& session, const Conversation& conv,
                     const DiscordUser& author, SendXmppMessage message,
                     const std::vector<MessageFile>* files, Snowflake channel_id);

void on_upload_service(ApplyContext& ctx, const XmppUploadService& found);
void on_slot(ApplyContext& ctx, Session& session, const XmppUploadSlot& slot);
void on_probed(ApplyContext& ctx, Session& session, const DiscordFileProbed& probed);
void on_rehosted(ApplyContext& ctx, Session& session, const DiscordFileRehosted& done);
// discord.effect_failed of a discord.probe_file or discord.rehost_file: true when it was one.
bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed);
// The Discord adapter restarted: probes and copies on their way are lost, their files keep
// Discord's URL.
void on_discord_restart(ApplyContext& ctx, Session& session);
// Gives up on files older than kGiveUpMs at this event's time.
void expire(ApplyContext& ctx, Session& session);

// XMPP -> Discord: the discord.upload_attachment for a message sharing a file by XEP-0066
// (content: the body without the URL), or nullopt when the message shares none.
struct SharedUpload {
    std::string content;
    std::string filename;
    std::string url;
};
std::optional<SharedUpload> shared_upload(const XmppMessage& msg, std::string_view content);

}  // namespace cordgate::core::file_transfers
