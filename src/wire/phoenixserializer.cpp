// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixserializer.h"

#include "phoenixjsontext_p.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QStringDecoder>

using namespace Qt::StringLiterals;

PhoenixSerializer::~PhoenixSerializer() = default;

bool PhoenixSerializer::splitText(const QByteArray &, TextFields *) const
{
    return false;
}

bool PhoenixSerializer::decodePayload(QByteArrayView, QJsonObject *) const
{
    return false;
}

QByteArray PhoenixSerializer::encodeHeartbeat(const QString &ref) const
{
    PhoenixMessage heartbeat;
    heartbeat.ref = ref;
    heartbeat.topic = QString::fromUtf16(PhoenixEvents::PhoenixTopic);
    heartbeat.event = QString::fromUtf16(PhoenixEvents::Heartbeat);
    return encodeText(heartbeat);
}

namespace {

void setError(QString *errorString, const QString &text)
{
    if (errorString)
        *errorString = text;
}

//! The payload of \a message as an object: its payloadJson parsed, when it carries the text.
QJsonObject payloadObject(const PhoenixMessage &message)
{
    return QJsonDocument::fromJson(message.payloadJson).object();
}

QJsonValue refValue(const QString &ref)
{
    return ref.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(ref);
}

// A ref or join_ref on the wire: a string or null. Anything else is malformed.
bool readRef(const QJsonValue &value, QString *out)
{
    if (value.isNull()) {
        *out = QString();
        return true;
    }
    if (!value.isString())
        return false;
    *out = value.toString();
    return true;
}

// Not QString::fromUtf8(): it drops a leading EF BB BF as a byte order mark, but here it is U+FEFF.
// Sets *valid to false when the bytes are not UTF-8 (a field Phoenix never sends that way).
QString fromUtf8Field(const char *data, int length, bool *valid)
{
    if (length == 0)
        return QString();
    using Flag = QStringDecoder::Flag;
    QStringDecoder decoder(QStringDecoder::Utf8, Flag::ConvertInitialBom | Flag::Stateless);
    QString text = decoder(QByteArrayView(data, length));
    if (decoder.hasError())
        *valid = false;
    return text;
}

//! Appends \a text to \a out as a JSON string if it needs no escaping and no UTF-8 encoding (printable
//! ASCII without '"' and '\\', as refs, topics and events nearly always are). False, appending
//! nothing, otherwise.
bool appendPlainString(QByteArray *out, const QString &text)
{
    const auto *begin = reinterpret_cast<const char16_t *>(text.constData());
    const char16_t *end = begin + text.size();
    for (const char16_t *c = begin; c < end; ++c) {
        if (*c < 0x20 || *c >= 0x7f || *c == u'"' || *c == u'\\')
            return false;
    }
    const qsizetype at = out->size();
    out->resize(at + text.size() + 2);
    char *to = out->data() + at;
    *to++ = '"';
    for (const char16_t *c = begin; c < end; ++c)
        *to++ = char(*c);
    *to = '"';
    return true;
}

bool appendPlainRef(QByteArray *out, const QString &ref)
{
    if (ref.isNull()) {
        out->append("null");
        return true;
    }
    return appendPlainString(out, ref);
}

} // namespace

// ---- V2 -------------------------------------------------------------------------------------------

QString PhoenixV2JsonSerializer::vsn() const
{
    return u"2.0.0"_s;
}

QByteArray PhoenixV2JsonSerializer::encodeText(const PhoenixMessage &message) const
{
    // The envelope is written as it is; only the payload goes through QJsonDocument. Building a
    // QJsonArray of the five fields copied the payload into the array's storage first: a third of a
    // push's encoding. Fields that need escaping (rare) take the general way below.
    const QByteArray payload = !message.payloadJson.isEmpty()
                                   ? message.payloadJson
                                   : QJsonDocument(message.payload).toJson(QJsonDocument::Compact);
    QByteArray frame;
    frame.reserve(payload.size() + message.topic.size() + message.event.size() + 40);
    frame.append('[');
    if (appendPlainRef(&frame, message.joinRef) && appendPlainRef(&frame.append(','), message.ref) &&
        appendPlainString(&frame.append(','), message.topic) &&
        appendPlainString(&frame.append(','), message.event)) {
        frame.append(',').append(payload).append(']');
        return frame;
    }
    const QJsonArray array{refValue(message.joinRef), refValue(message.ref), message.topic, message.event,
                           message.payloadJson.isEmpty() ? message.payload : payloadObject(message)};
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QByteArray PhoenixV2JsonSerializer::encodeBinary(const PhoenixMessage &message, QString *errorString) const
{
    const QByteArray joinRef = message.joinRef.toUtf8();
    const QByteArray ref = message.ref.toUtf8();
    const QByteArray topic = message.topic.toUtf8();
    const QByteArray event = message.event.toUtf8();
    for (const QByteArray *field : {&joinRef, &ref, &topic, &event}) {
        if (field->size() > 255) {
            setError(errorString, PhoenixSerializer::tr("A binary message field is longer than 255 bytes."));
            return {};
        }
    }
    QByteArray frame;
    frame.reserve(5 + joinRef.size() + ref.size() + topic.size() + event.size() +
                  message.binaryPayload.size());
    frame.append(char(Push));
    frame.append(char(joinRef.size()));
    frame.append(char(ref.size()));
    frame.append(char(topic.size()));
    frame.append(char(event.size()));
    frame.append(joinRef).append(ref).append(topic).append(event).append(message.binaryPayload);
    return frame;
}

bool PhoenixV2JsonSerializer::decodeText(const QByteArray &frame, PhoenixMessage *message,
                                         QString *errorString) const
{
    // The shape Phoenix sends (plain ASCII refs, topic and event): only the payload goes through the
    // JSON parser. Anything else, and every malformed frame, takes the general path below.
    TextFields envelope;
    if (PhoenixV2JsonSerializer::splitText(frame, &envelope)) {
        PhoenixMessage decoded;
        if (PhoenixJsonText::parseObject(envelope.payload, &decoded.payload)) {
            if (!envelope.joinRefNull)
                decoded.joinRef = QString::fromLatin1(envelope.joinRef);
            if (!envelope.refNull)
                decoded.ref = QString::fromLatin1(envelope.ref);
            decoded.topic = QString::fromLatin1(envelope.topic);
            decoded.event = QString::fromLatin1(envelope.event);
            *message = std::move(decoded);
            return true;
        }
    }
    QJsonParseError parseError;
    const QJsonDocument document = PhoenixJsonText::parseDocument(frame, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        setError(errorString,
                 PhoenixSerializer::tr("The frame is not valid JSON: %1.").arg(parseError.errorString()));
        return false;
    }
    if (!document.isArray()) {
        setError(errorString, PhoenixSerializer::tr("The frame is not a JSON array."));
        return false;
    }
    const QJsonArray array = document.array();
    if (array.size() != 5) {
        setError(errorString, PhoenixSerializer::tr("The frame has %n element(s) instead of 5.", nullptr,
                                                    int(array.size())));
        return false;
    }
    const QJsonValue topic = array.at(2);
    const QJsonValue event = array.at(3);
    const QJsonValue payload = array.at(4);
    PhoenixMessage decoded;
    if (!readRef(array.at(0), &decoded.joinRef) || !readRef(array.at(1), &decoded.ref) || !topic.isString() ||
        !event.isString() || !payload.isObject()) {
        setError(errorString, PhoenixSerializer::tr("The frame has fields of the wrong type."));
        return false;
    }
    decoded.topic = topic.toString();
    decoded.event = event.toString();
    decoded.payload = payload.toObject();
    *message = std::move(decoded);
    return true;
}

bool PhoenixV2JsonSerializer::splitText(const QByteArray &frame, TextFields *fields) const
{
    return PhoenixJsonText::splitV2(frame,
                                    {&fields->joinRef, &fields->joinRefNull, &fields->ref, &fields->refNull,
                                     &fields->topic, &fields->event, &fields->payload});
}

bool PhoenixV2JsonSerializer::decodePayload(QByteArrayView encoded, QJsonObject *payload) const
{
    return PhoenixJsonText::parseObject(encoded, payload);
}

bool PhoenixV2JsonSerializer::decodeBinary(const QByteArray &frame, PhoenixMessage *message,
                                           QString *errorString) const
{
    const auto truncated = [errorString] {
        setError(errorString, PhoenixSerializer::tr("The binary frame is truncated."));
        return false;
    };
    if (frame.isEmpty())
        return truncated();
    const auto *bytes = reinterpret_cast<const quint8 *>(frame.constData());
    const quint8 kind = bytes[0];
    int headerSize = 0;
    switch (kind) {
    case Push:
        headerSize = 4;
        break;
    case Reply:
        headerSize = 5;
        break;
    case Broadcast:
        headerSize = 3;
        break;
    default:
        setError(errorString, PhoenixSerializer::tr("Unknown binary frame kind %1.").arg(kind));
        return false;
    }
    if (frame.size() < headerSize)
        return truncated();
    int lengths[4] = {0, 0, 0, 0};
    int total = headerSize;
    for (int i = 1; i < headerSize; ++i) {
        lengths[i - 1] = bytes[i];
        total += bytes[i];
    }
    if (frame.size() < total)
        return truncated();

    const char *cursor = frame.constData() + headerSize;
    bool validUtf8 = true;
    const auto take = [&cursor, &validUtf8](int length) {
        const QString value = fromUtf8Field(cursor, length, &validUtf8);
        cursor += length;
        return value;
    };
    PhoenixMessage decoded;
    decoded.binary = true;
    switch (kind) {
    case Push:
        decoded.joinRef = take(lengths[0]);
        decoded.topic = take(lengths[1]);
        decoded.event = take(lengths[2]);
        break;
    case Reply:
        decoded.joinRef = take(lengths[0]);
        decoded.ref = take(lengths[1]);
        decoded.topic = take(lengths[2]);
        decoded.event = u"phx_reply"_s;
        decoded.payload.insert(u"status"_s, take(lengths[3]));
        break;
    case Broadcast:
        decoded.topic = take(lengths[0]);
        decoded.event = take(lengths[1]);
        break;
    }
    if (!validUtf8) {
        setError(errorString, PhoenixSerializer::tr("The binary frame has a field that is not valid UTF-8."));
        return false;
    }
    if (decoded.topic.isEmpty() || (kind != Reply && decoded.event.isEmpty())) {
        setError(errorString, PhoenixSerializer::tr("The binary frame has an empty topic or event."));
        return false;
    }
    decoded.binaryPayload = frame.mid(total);
    *message = std::move(decoded);
    return true;
}

QByteArray PhoenixV2JsonSerializer::encodeServerBinary(Kind kind, const PhoenixMessage &message)
{
    const QByteArray joinRef = message.joinRef.toUtf8().left(255);
    const QByteArray ref = message.ref.toUtf8().left(255);
    const QByteArray topic = message.topic.toUtf8().left(255);
    const QByteArray event = message.event.toUtf8().left(255);
    const QByteArray status = message.payload.value(u"status"_s).toString().toUtf8().left(255);
    QByteArray frame;
    frame.append(char(kind));
    switch (kind) {
    case Push:
        frame.append(char(joinRef.size())).append(char(topic.size())).append(char(event.size()));
        frame.append(joinRef).append(topic).append(event);
        break;
    case Reply:
        frame.append(char(joinRef.size())).append(char(ref.size())).append(char(topic.size()));
        frame.append(char(status.size()));
        frame.append(joinRef).append(ref).append(topic).append(status);
        break;
    case Broadcast:
        frame.append(char(topic.size())).append(char(event.size()));
        frame.append(topic).append(event);
        break;
    }
    frame.append(message.binaryPayload);
    return frame;
}

// ---- V1 -------------------------------------------------------------------------------------------

QString PhoenixV1JsonSerializer::vsn() const
{
    return u"1.0.0"_s;
}

QByteArray PhoenixV1JsonSerializer::encodeText(const PhoenixMessage &message) const
{
    const QJsonObject object{{u"topic"_s, message.topic},
                             {u"event"_s, message.event},
                             {u"payload"_s, message.payloadJson.isEmpty() ? message.payload : payloadObject(message)},
                             {u"ref"_s, refValue(message.ref)}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray PhoenixV1JsonSerializer::encodeBinary(const PhoenixMessage &, QString *errorString) const
{
    setError(errorString, PhoenixSerializer::tr("Protocol 1.0.0 has no binary messages."));
    return {};
}

bool PhoenixV1JsonSerializer::decodeText(const QByteArray &frame, PhoenixMessage *message,
                                         QString *errorString) const
{
    QJsonParseError parseError;
    const QJsonDocument document = PhoenixJsonText::parseDocument(frame, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        setError(errorString, PhoenixSerializer::tr("The frame is not a JSON object."));
        return false;
    }
    const QJsonObject object = document.object();
    const QJsonValue topic = object.value(u"topic"_s);
    const QJsonValue event = object.value(u"event"_s);
    const QJsonValue payload = object.value(u"payload"_s);
    PhoenixMessage decoded;
    if (!topic.isString() || !event.isString() || !payload.isObject() ||
        !readRef(object.value(u"ref"_s).isUndefined() ? QJsonValue() : object.value(u"ref"_s),
                 &decoded.ref)) {
        setError(errorString, PhoenixSerializer::tr("The frame has fields of the wrong type."));
        return false;
    }
    decoded.topic = topic.toString();
    decoded.event = event.toString();
    decoded.payload = payload.toObject();
    *message = std::move(decoded);
    return true;
}

bool PhoenixV1JsonSerializer::decodeBinary(const QByteArray &, PhoenixMessage *, QString *errorString) const
{
    setError(errorString, PhoenixSerializer::tr("Protocol 1.0.0 has no binary messages."));
    return false;
}
