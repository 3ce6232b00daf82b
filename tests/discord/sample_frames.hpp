#pragma once
// Gateway frames as Discord sends them, shared by the Discord adapter's tests and
// bench_discord_translate so that both read the same bytes.

#include <cstdint>
#include <string>

namespace cordgate::tests::discord {

// A guild message with its member, embeds and mentions (645 bytes at a two-digit seq).
inline std::string guild_message_frame(std::int64_t seq) {
    return R"({"op":0,"s":)" + std::to_string(seq) +
           R"(,"t":"MESSAGE_CREATE","d":{"type":0,"tts":false,"timestamp":"2026-11-25T07:00:00.000000+00:00",)"
           R"("referenced_message":null,"pinned":false,"nonce":"cg-42","mentions":[],"mention_roles":[],)"
           R"("mention_everyone":false,"member":{"roles":[],"nick":null,"joined_at":"2024-01-01T00:00:00+00:00"},)"
           R"("id":"1180000000000000001","flags":0,"embeds":[],"edited_timestamp":null,)"
           R"("content":"hello there, this is a typical chat line of modest length","components":[],)"
           R"("channel_id":"300000000000000001","author":{"username":"alice","public_flags":0,)"
           R"("id":"100000000000000002","global_name":"Alice","discriminator":"0","avatar":"a1b2c3d4"},)"
           R"("attachments":[],"guild_id":"200000000000000001"}})";
}

inline const std::string kTypingFrame =
    R"({"op":0,"s":1,"t":"TYPING_START","d":{"user_id":"100000000000000002","timestamp":1732500000,"channel_id":"400000000000000001"}})";

}  // namespace cordgate::tests::discord
