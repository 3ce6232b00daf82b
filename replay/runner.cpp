#include <core/projection.hpp>
#include <replay/runner.hpp>

namespace cordgate::replay {

ReplayResult replay(const std::vector<CapturedEvent>& events, core::State state, std::size_t from,
                    std::uint64_t first_position, const Progress& progress,
                    core::archive::MemoryStore archive) {
    ReplayResult result{std::move(state), {}, std::move(archive)};
    for (std::size_t i = from; i < events.size(); ++i) {
        for (const core::Effect& effect :
             core::apply(result.state, result.archive, events[i].event, first_position + i)) {
            result.effects.push_back(core::encode_effect(effect));
        }
        if (progress && (i % 1024 == 0 || i + 1 == events.size())) progress(i + 1, events.size());
    }
    return result;
}

namespace {
std::uint64_t cause_of(const std::string& effect) {
    return core::decode_effect(effect).cause;
}
}  // namespace

std::optional<Difference> first_difference(const std::vector<std::string>& expected,
                                           const std::vector<std::string>& got) {
    std::size_t n = std::max(expected.size(), got.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::string* e = i < expected.size() ? &expected[i] : nullptr;
        const std::string* g = i < got.size() ? &got[i] : nullptr;
        if (e && g && *e == *g) continue;
        Difference d;
        d.effect_index = i;
        d.event_position = cause_of(g ? *g : *e);
        d.expected = e ? *e : "";
        d.got = g ? *g : "";
        return d;
    }
    return std::nullopt;
}

std::optional<std::string> check_snapshot_equivalence(const std::vector<CapturedEvent>& events,
                                                      std::size_t split) {
    split = std::min(split, events.size());
    ReplayResult straight = replay(events);
    std::vector<CapturedEvent> head(events.begin(), events.begin() + static_cast<long>(split));
    ReplayResult first = replay(head);
    core::State restored = core::decode_state(core::encode_state(first.state));
    // A restarted core finds its archive where it left it, beside the snapshot.
    ReplayResult rest = replay(events, std::move(restored), split, 1, {}, std::move(first.archive));
    std::vector<std::string> joined = first.effects;
    joined.insert(joined.end(), rest.effects.begin(), rest.effects.end());
    if (rest.archive.entries() != straight.archive.entries()) {
        return "the archive after snapshot " + std::to_string(split) +
               " plus the tail differs from a straight replay";
    }
    if (core::encode_state(rest.state) != core::encode_state(straight.state)) {
        return "the state after snapshot " + std::to_string(split) +
               " plus the tail differs from a straight replay";
    }
    if (joined != straight.effects) {
        return "the effects after snapshot " + std::to_string(split) +
               " plus the tail differ from a straight replay";
    }
    return std::nullopt;
}

}  // namespace cordgate::replay
