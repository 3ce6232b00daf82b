#pragma once
// What the core keeps of Discord files on their way to the user's XEP-0363 upload service
// (core/file_transfers.hpp), and of the messages a chat holds back until the files ahead of
// them are done, so the user reads the chat in Discord's order.

#include <core/codec.hpp>
#include <core/codec_enum.hpp>
#include <core/discord_types.hpp>
#include <core/effect.hpp>
#include <core/snowflake.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {

// The upload service of one XMPP server (xmpp.upload_service); empty `service`: none.
struct UploadService {
    std::string service;
    std::optional<std::uint64_t> max_bytes;

    static constexpr auto fields = std::tuple{field("service", &UploadService::service),
                                              field("max_bytes", &UploadService::max_bytes)};
};

enum class FileStage {
    queued,    // waiting for one of the files on their way to be done (kMaxFilesInFlight)
    probe,     // discord.probe_file sent, waiting for discord.file_probed (the file's size)
    slot,      // xmpp.request_upload_slot sent, waiting for xmpp.upload_slot
    copy,      // discord.rehost_file sent, waiting for discord.file_rehosted
    done,      // on the upload service: get_url
    fallback,  // not copied: shown with Discord's URL and `note`
};

inline constexpr auto enum_names(FileStage) {
    using S = FileStage;
    return std::array<EnumName<S>, 6>{{{S::queued, "queued"},
                                       {S::probe, "probe"},
                                       {S::slot, "slot"},
                                       {S::copy, "copy"},
                                       {S::done, "done"},
                                       {S::fallback, "fallback"}}};
}

// One Discord file on its way, by the request id it was given (derived from the log position).
struct FileTransfer {
    FileStage stage = FileStage::slot;
    DiscordAttachment attachment;
    // A sticker's or an embed's image: its size is learnt by discord.probe_file. (Optional, as
    // every field added later, so snapshots from before it still load.)
    std::optional<bool> probe;
    Snowflake channel_id;
    std::int64_t started_ts = 0;  // the event's time, to give up on a lost answer
    // The discord.probe_file or discord.rehost_file on its way, for effect_failed.
    std::optional<std::uint64_t> rehost_effect;
    std::optional<std::string> get_url;
    std::optional<std::string> sha256_base64;
    std::optional<std::string> note;  // why it fell back to Discord's URL

    static constexpr auto fields = std::tuple{field("stage", &FileTransfer::stage),
                                              field("attachment", &FileTransfer::attachment),
                                              field("probe", &FileTransfer::probe),
                                              field("channel_id", &FileTransfer::channel_id),
                                              field("started_ts", &FileTransfer::started_ts),
                                              field("rehost_effect", &FileTransfer::rehost_effect),
                                              field("get_url", &FileTransfer::get_url),
                                              field("sha256_base64", &FileTransfer::sha256_base64),
                                              field("note", &FileTransfer::note)};
};

// A message held back in a chat: where it goes (a DM partner, or a room and its thread), from
// whom, and the stanza. `file` names the transfer whose outcome completes the stanza.
struct HeldMessage {
    bool room = false;
    Snowflake chat;
    std::optional<std::string> thread;
    DiscordUser author;
    SendXmppMessage message;
    std::optional<std::string> file;

    static constexpr auto fields =
        std::tuple{field("room", &HeldMessage::room),       field("chat", &HeldMessage::chat),
                   field("thread", &HeldMessage::thread),   field("author", &HeldMessage::author),
                   field("message", &HeldMessage::message), field("file", &HeldMessage::file)};
};

struct FileTransfers {
    std::map<std::string, FileTransfer> files;              // by request id
    std::map<std::string, std::vector<HeldMessage>> chats;  // by chat key, oldest first
    std::optional<std::vector<std::string>> queue;          // queued request ids, oldest first

    static constexpr auto fields =
        std::tuple{field("files", &FileTransfers::files), field("chats", &FileTransfers::chats),
                   field("queue", &FileTransfers::queue)};
};

}  // namespace cordgate::core
