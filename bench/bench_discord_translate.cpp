// Dispatches per second the Discord adapter turns into events: parse the gateway frame,
// translate `d`, encode the event envelope (what goes on the bus). The I/O around it (websocket
// read, bus send) is not included.

#include <adapters/discord/gateway_frame.hpp>
#include <adapters/discord/hot_dispatch.hpp>
#include <adapters/discord/translate.hpp>

#include <tests/discord/sample_frames.hpp>

#include <benchmark/benchmark.h>
#include <rapidjson/document.h>

#include <string>

namespace {

using namespace cordgate;

using tests::discord::guild_message_frame;
using tests::discord::kTypingFrame;

// How the frame is read: as the adapter reads these dispatches (read_hot_dispatch, no DOM), as
// it reads every other frame (parse_gateway_frame in place, into a copy of the frame, as the
// adapter gets its own string from the websocket, then translate_dispatch), or as it parsed
// before 2026-12-02 (Parse(data, size) from the frame itself), kept to compare against.
enum class Parse { hot, dom, copying };

template <bool kMessage, Parse kParse>
void translate_frames(benchmark::State& state) {
    std::vector<std::string> frames;
    for (int i = 1; i <= 1024; ++i)
        frames.push_back(kMessage ? guild_message_frame(i) : kTypingFrame);
    std::size_t i = 0, bytes = 0;
    for (auto _ : state) {
        const std::string& frame = frames[i++ % frames.size()];
        core::Event e;
        if constexpr (kParse == Parse::hot) {
            std::string text = frame;
            auto hot = adapters::discord::read_hot_dispatch(text);
            if (!hot) {
                state.SkipWithError("declined");
                break;
            }
            e.payload = std::move(hot->payload);
        } else {
            rapidjson::Document doc;
            std::string text;
            if constexpr (kParse == Parse::dom) {
                text = frame;
                if (!adapters::discord::parse_gateway_frame(text, doc))
                    state.SkipWithError("parse");
            } else {
                doc.Parse(frame.data(), frame.size());
            }
            auto t = adapters::discord::translate_dispatch(doc["t"].GetString(), doc["d"]);
            e.payload = std::move(*t.payload);
        }
        e.origin = "discord";
        e.origin_seq = i;
        e.ts = 1732500000000;
        e.user = "romeo@localhost";
        std::string out = core::encode_event(e);
        bytes += frame.size();
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_MessageCreate(benchmark::State& state) {
    translate_frames<true, Parse::hot>(state);
}
void BM_MessageCreateDom(benchmark::State& state) {
    translate_frames<true, Parse::dom>(state);
}
void BM_MessageCreateCopyingParse(benchmark::State& state) {
    translate_frames<true, Parse::copying>(state);
}
void BM_TypingStart(benchmark::State& state) {
    translate_frames<false, Parse::hot>(state);
}
void BM_TypingStartDom(benchmark::State& state) {
    translate_frames<false, Parse::dom>(state);
}

BENCHMARK(BM_MessageCreate);
BENCHMARK(BM_MessageCreateDom);
BENCHMARK(BM_MessageCreateCopyingParse);
BENCHMARK(BM_TypingStart);
BENCHMARK(BM_TypingStartDom);

}  // namespace
