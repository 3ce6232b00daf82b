#include <tests/emulator/rest_attachments.hpp>

#include <tests/emulator/json_out.hpp>
#include <tests/emulator/operations.hpp>

namespace cordgate::tests::emulator {
namespace {

const rapidjson::Value* member(const rapidjson::Value& v, const char* name) {
    if (!v.IsObject()) return nullptr;
    auto it = v.FindMember(name);
    return it == v.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

std::string string_of(const rapidjson::Value* v) {
    if (!v) return {};
    if (v->IsString()) return std::string(v->GetString(), v->GetStringLength());
    if (v->IsUint64()) return std::to_string(v->GetUint64());
    return {};
}

void parse(rapidjson::Document& doc, const std::string& body) {
    doc.Parse(body.c_str(), body.size());
    if (doc.HasParseError() || !doc.IsObject())
        throw ApiError(400, 50109, "The request body contains invalid JSON.");
}

}  // namespace

HttpResponse create_attachments(World& world, const std::string& body, std::uint64_t user_id,
                                std::uint64_t channel_id, const std::string& base) {
    rapidjson::Document doc;
    parse(doc, body);
    const rapidjson::Value* files = member(doc, "files");
    if (!files || !files->IsArray() || files->Empty() || files->Size() > 10)
        throw ApiError(400, 50035, "Invalid Form Body: files");
    std::vector<UploadRequest> wanted;
    for (const auto& f : files->GetArray()) {
        UploadRequest r;
        r.id = string_of(member(f, "id"));
        r.filename = string_of(member(f, "filename"));
        const rapidjson::Value* size = member(f, "file_size");
        if (r.filename.empty() || r.filename.size() > 1024 || !size || !size->IsUint64())
            throw ApiError(400, 50035, "Invalid Form Body: files.filename/file_size");
        r.file_size = size->GetUint64();
        r.content_type = string_of(member(f, "original_content_type"));
        wanted.push_back(std::move(r));
    }
    JsonOut j;
    j.obj().key("attachments").arr();
    for (const UploadSlot& s : world.files.create_uploads(user_id, channel_id, wanted, base)) {
        j.obj();
        if (s.id.empty())
            j.key("id").null();
        else
            j.kv("id", s.id);
        j.kv("upload_url", s.upload_url).kv("upload_filename", s.upload_filename).end();
    }
    j.end_arr().end();
    return HttpResponse::json(200, j.take());
}

HttpResponse refresh_attachment_urls(World& world, const std::string& body,
                                     std::uint64_t clock_ms) {
    rapidjson::Document doc;
    parse(doc, body);
    const rapidjson::Value* urls = member(doc, "attachment_urls");
    if (!urls || !urls->IsArray() || urls->Empty() || urls->Size() > 50)
        throw ApiError(400, 50035, "Invalid Form Body: attachment_urls");
    const std::uint64_t now_s = world.files.now_s(clock_ms);
    JsonOut j;
    j.obj().key("refreshed_urls").arr();
    for (const auto& u : urls->GetArray()) {
        if (!u.IsString()) throw ApiError(400, 50035, "Invalid Form Body: attachment_urls");
        const std::string original(u.GetString(), u.GetStringLength());
        j.obj()
            .kv("original", original)
            .kv("refreshed", refresh_attachment_url(original, now_s, world.files.ttl()))
            .end();
    }
    j.end_arr().end();
    return HttpResponse::json(200, j.take());
}

std::vector<Attachment> claim_uploaded_attachments(World& world, const rapidjson::Value& doc,
                                                   std::uint64_t user_id,
                                                   std::uint64_t channel_id) {
    std::vector<Attachment> out;
    const rapidjson::Value* list = member(doc, "attachments");
    if (!list || !list->IsArray()) return out;
    for (const auto& a : list->GetArray()) {
        const std::string uploaded = string_of(member(a, "uploaded_filename"));
        if (uploaded.empty()) continue;  // refers to a multipart file or is metadata only
        UploadedFile file;
        switch (world.files.claim(user_id, channel_id, uploaded, file)) {
            case ClaimResult::ok:
                break;
            case ClaimResult::unknown:
            case ClaimResult::not_uploaded:
                throw ApiError(400, 50035,
                               "Invalid Form Body: attachments.uploaded_filename: " + uploaded);
        }
        Attachment at;
        const std::string named = string_of(member(a, "filename"));
        at.filename = named.empty() ? file.filename : named;
        at.content_type = file.content_type;
        at.size = file.data->size();
        at.data = std::move(file.data);
        out.push_back(std::move(at));
    }
    return out;
}

void check_upload_limit(const World& world, const std::vector<Attachment>& files) {
    for (const Attachment& a : files)
        if (a.size > world.files.upload_limit())
            throw ApiError(413, 40005, "Request entity too large");
}

}  // namespace cordgate::tests::emulator
