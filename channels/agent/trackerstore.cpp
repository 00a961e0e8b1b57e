#include "trackerstore.h"

#include "../message/jsonwriter.h"

#include <QDateTime>
#include <QRegularExpression>

namespace rasachat {

namespace {

const QString kActionListen = QStringLiteral("action_listen");

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

void writeFields(JsonWriter &w, const QList<QPair<QString, QJsonValue>> &fields)
{
    w.beginObject();
    for (const auto &[k, v] : fields)
        w.key(k).value(v);
    w.endObject();
}

// A user event's parse_data in Rasa's order: intent {name, confidence}, entities, text, message_id,
// metadata.
void writeParseData(JsonWriter &w, const QJsonObject &p)
{
    const QJsonObject intent = p.value(u"intent").toObject();
    w.beginObject();
    w.key(u"intent");
    writeFields(w, {{QStringLiteral("name"), intent.value(u"name")},
                    {QStringLiteral("confidence"), intent.value(u"confidence")}});
    for (const char *key : {"entities", "text", "message_id", "metadata"})
        w.key(QString::fromLatin1(key)).value(p.value(QLatin1StringView(key)));
    w.endObject();
}

// Rasa's `Event.as_dict()`: "event", "timestamp", then "metadata" only when it is not empty.
TrackerEvent base(const QString &type, double timestamp, const QJsonObject &metadata = {})
{
    TrackerEvent e;
    e.fields = {{QStringLiteral("event"), type}, {QStringLiteral("timestamp"), timestamp}};
    if (!metadata.isEmpty())
        e.fields.append({QStringLiteral("metadata"), metadata});
    return e;
}

// Python's dict.update(): an existing key keeps its place.
void update(TrackerEvent &e, const QString &key, const QJsonValue &value)
{
    for (auto &[k, v] : e.fields)
        if (k == key) {
            v = value;
            return;
        }
    e.fields.append({key, value});
}

// The intent Rasa's RegexMessageHandler reads from "/intent..." text; the mock has no NLU otherwise.
QString intentOf(const QString &text)
{
    if (!text.startsWith(u'/'))
        return QStringLiteral("nlu_fallback");
    static const QRegularExpression name(QStringLiteral("^/([^{@\\s]+)"));
    const auto m = name.match(text);
    return m.hasMatch() ? m.captured(1) : QStringLiteral("nlu_fallback");
}

TrackerEvent userEvent(const UserMessage &m, double timestamp)
{
    const QJsonObject metadata = m.metadata.isObject() ? m.metadata.toObject() : QJsonObject();
    TrackerEvent e = base(QStringLiteral("user"), timestamp, metadata);
    const QJsonObject intent{{QStringLiteral("name"), intentOf(m.text)}, {QStringLiteral("confidence"), 1.0}};
    // parse_data keeps Rasa's key order too, so it is written as a nested ordered object below.
    QJsonObject parse{{QStringLiteral("intent"), intent},
                      {QStringLiteral("entities"), QJsonArray()},
                      {QStringLiteral("text"), m.text},
                      {QStringLiteral("message_id"), orNull(m.messageId)},
                      {QStringLiteral("metadata"), metadata}};
    update(e, QStringLiteral("text"), m.text);
    update(e, QStringLiteral("parse_data"), parse);
    update(e, QStringLiteral("input_channel"), orNull(m.inputChannel));
    update(e, QStringLiteral("message_id"), orNull(m.messageId));
    update(e, QStringLiteral("metadata"), metadata);
    return e;
}

// Rasa's create_bot_utterance(): the known keys of a response are its `data`, the rest (utter_action)
// its metadata.
TrackerEvent botEvent(const AgentResponse &r, double timestamp)
{
    QJsonObject metadata;
    if (!r.name.isEmpty())
        metadata.insert(QStringLiteral("utter_action"), r.name);
    TrackerEvent e = base(QStringLiteral("bot"), timestamp, metadata);
    const BotMessage &m = r.message;
    auto buttons = [](const std::optional<QList<Button>> &list) -> QJsonValue {
        if (!list)
            return QJsonValue::Null;
        QJsonArray a;
        for (const Button &b : *list)
            a.append(b.toJson());
        return a;
    };
    QJsonValue elements = QJsonValue::Null;
    if (m.elements) {
        QJsonArray a;
        for (const CarouselElement &c : *m.elements)
            a.append(c.toJson());
        elements = a;
    }
    const QJsonValue image = m.image ? QJsonValue(*m.image) : QJsonValue(QJsonValue::Null);
    const QJsonValue attachment = isTruthy(m.attachment) ? m.attachment : image;
    const QJsonObject data{{QStringLiteral("elements"), elements},
                           {QStringLiteral("quick_replies"), buttons(m.quickReplies)},
                           {QStringLiteral("buttons"), buttons(m.buttons)},
                           {QStringLiteral("attachment"), attachment},
                           {QStringLiteral("image"), image},
                           {QStringLiteral("custom"), m.custom.isUndefined() ? QJsonValue::Null : m.custom}};
    update(e, QStringLiteral("text"), m.text ? QJsonValue(*m.text) : QJsonValue(QJsonValue::Null));
    update(e, QStringLiteral("data"), data);
    update(e, QStringLiteral("metadata"), metadata);
    return e;
}

TrackerEvent slotEvent(const QString &name, const QJsonValue &value, double timestamp)
{
    TrackerEvent e = base(QStringLiteral("slot"), timestamp);
    e.fields.append({QStringLiteral("name"), name});
    e.fields.append({QStringLiteral("value"), value.isUndefined() ? QJsonValue::Null : value});
    return e;
}

} // namespace

QString TrackerEvent::type() const
{
    return value(u"event").toString();
}

QJsonValue TrackerEvent::value(QStringView key) const
{
    for (const auto &[k, v] : fields)
        if (k == key)
            return v;
    return QJsonValue::Undefined;
}

QJsonObject TrackerEvent::toJson() const
{
    QJsonObject o;
    for (const auto &[k, v] : fields)
        o.insert(k, v);
    return o;
}

TrackerStore::TrackerStore(const QStringList &slotNames)
    : m_slotNames(slotNames), m_clock([] { return QDateTime::currentMSecsSinceEpoch() / 1000.0; })
{}

TrackerEvent TrackerStore::action(const QString &name, const QString &actionText) const
{
    TrackerEvent e = base(QStringLiteral("action"), m_clock());
    e.fields.append({QStringLiteral("name"), orNull(name)});
    e.fields.append({QStringLiteral("policy"), QJsonValue::Null});
    e.fields.append({QStringLiteral("confidence"), 1.0});
    e.fields.append({QStringLiteral("action_text"), orNull(actionText)});
    e.fields.append({QStringLiteral("hide_rule_turn"), false});
    return e;
}

TrackerStore::Tracker &TrackerStore::tracker(const QString &sender, bool startSession)
{
    auto it = m_trackers.find(sender);
    if (it != m_trackers.end())
        return *it;
    while (m_order.size() >= kMaxTrackers)
        m_trackers.remove(m_order.dequeue());
    m_order.enqueue(sender);
    Tracker &t = m_trackers[sender];
    if (startSession) {
        // What Rasa's processor logs for a conversation it has not seen (fetch_tracker_with_initial_session).
        add(t, action(QStringLiteral("action_session_start")));
        add(t, base(QStringLiteral("session_started"), m_clock()));
        add(t, action(kActionListen));
    }
    return t;
}

void TrackerStore::add(Tracker &t, TrackerEvent e)
{
    if (t.events.size() >= kMaxEvents)
        t.events.removeFirst();
    t.events.append(std::move(e));
}

void TrackerStore::recordTurn(const UserMessage &message, const AgentTurn &turn)
{
    Tracker &t = tracker(message.senderId);
    add(t, userEvent(message, m_clock()));
    for (const auto &[name, value] : turn.slotValues)
        add(t, slotEvent(name, value, m_clock()));
    for (const AgentResponse &r : turn.responses) {
        // A response without a name is an end-to-end text: Rasa logs its text as the action.
        add(t, r.name.isEmpty() ? action({}, r.message.text.value_or(QString())) : action(r.name));
        add(t, botEvent(r, m_clock()));
    }
    add(t, action(kActionListen));
}

bool TrackerStore::append(const QString &sender, const QJsonValue &body, QString *error)
{
    const QJsonArray list = body.isArray() ? body.toArray() : QJsonArray{body};
    static const QStringList known = {QStringLiteral("user"),
                                      QStringLiteral("bot"),
                                      QStringLiteral("action"),
                                      QStringLiteral("slot"),
                                      QStringLiteral("session_started"),
                                      QStringLiteral("restart")};
    QList<TrackerEvent> parsed;
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        const QString type = o.value(u"event").toString();
        if (!v.isObject() || !known.contains(type)) {
            *error =
                QStringLiteral("each event must be an object whose 'event' is one of %1 (got %2)")
                    .arg(known.join(u", "), QString::fromUtf8(JsonWriter::encode(v, JsonStyle::Compact)));
            return false;
        }
        if (type == u"slot" && !o.value(u"name").isString()) {
            *error = QStringLiteral("a 'slot' event needs a 'name'");
            return false;
        }
        const double timestamp =
            o.value(u"timestamp").isDouble() ? o.value(u"timestamp").toDouble() : m_clock();
        const QJsonObject metadata = o.value(u"metadata").toObject();
        TrackerEvent e = base(type, timestamp, metadata);
        if (type == u"slot") {
            e = slotEvent(o.value(u"name").toString(), o.value(u"value"), timestamp);
            if (!metadata.isEmpty())
                e.fields.insert(2, {QStringLiteral("metadata"), metadata});
        } else if (type == u"action") {
            for (const char *key : {"name", "policy", "confidence", "action_text"})
                update(e, QString::fromLatin1(key),
                       o.value(QLatin1StringView(key)).isUndefined() ? QJsonValue::Null
                                                                     : o.value(QLatin1StringView(key)));
            update(e, QStringLiteral("hide_rule_turn"), o.value(u"hide_rule_turn").toBool());
        } else if (type == u"user") {
            UserMessage m;
            m.text = o.value(u"text").toString();
            m.metadata = metadata;
            m.inputChannel = o.value(u"input_channel").toString();
            m.messageId = o.value(u"message_id").toString();
            e = userEvent(m, timestamp);
        } else if (type == u"bot") {
            update(e, QStringLiteral("text"),
                   o.value(u"text").isString() ? o.value(u"text") : QJsonValue::Null);
            update(e, QStringLiteral("data"), o.value(u"data").toObject());
            update(e, QStringLiteral("metadata"), metadata);
        }
        parsed.append(std::move(e));
    }
    // Rasa starts a session first unless the events begin with one (update_conversation_with_events).
    const bool startsSession = !parsed.isEmpty() && parsed.first().type() == u"session_started";
    Tracker &t = tracker(sender, !startsSession);
    for (TrackerEvent &e : parsed)
        add(t, std::move(e));
    return true;
}

QList<TrackerEvent> TrackerStore::events(const QString &sender)
{
    return tracker(sender).events;
}

QByteArray TrackerStore::state(const QString &sender)
{
    const Tracker &t = tracker(sender);
    // Replay the events after the latest restart, as DialogueStateTracker does.
    qsizetype from = 0;
    for (qsizetype i = t.events.size(); i > 0; --i)
        if (t.events[i - 1].type() == u"restart") {
            from = i;
            break;
        }
    QList<QPair<QString, QJsonValue>> slotList;
    for (const QString &name : m_slotNames)
        slotList.append({name, QJsonValue::Null});
    slotList.append({QStringLiteral("session_started_metadata"), QJsonValue::Null});
    const TrackerEvent *latestUser = nullptr;
    QString latestAction;
    for (qsizetype i = from; i < t.events.size(); ++i) {
        const TrackerEvent &e = t.events[i];
        const QString type = e.type();
        if (type == u"slot") {
            // Rasa ignores (and logs) a slot the domain does not have; the event stays in the list.
            for (auto &[name, value] : slotList)
                if (name == e.value(u"name").toString())
                    value = e.value(u"value");
        } else if (type == u"user") {
            latestUser = &e;
        } else if (type == u"action") {
            latestAction = e.value(u"name").toString();
        }
    }
    JsonWriter w(JsonStyle::Ujson);
    w.beginObject();
    w.key(u"sender_id").value(sender);
    w.key(u"slots");
    writeFields(w, slotList);
    w.key(u"latest_message");
    if (latestUser) {
        writeParseData(w, latestUser->value(u"parse_data").toObject());
    } else {
        w.value(QJsonValue::Null);
    }
    w.key(u"latest_event_time")
        .value(t.events.isEmpty() ? QJsonValue(QJsonValue::Null) : t.events.last().value(u"timestamp"));
    w.key(u"followup_action").value(QJsonValue::Null);
    w.key(u"paused").value(false);
    w.key(u"events");
    w.beginArray();
    for (qsizetype i = from; i < t.events.size(); ++i) {
        const TrackerEvent &e = t.events[i];
        if (e.type() == u"user" || e.type() == u"bot") {
            // Their nested objects keep Rasa's key order too.
            w.beginObject();
            for (const auto &[k, v] : e.fields) {
                w.key(k);
                if (k == u"parse_data") {
                    writeParseData(w, v.toObject());
                } else if (k == u"data") {
                    const QJsonObject d = v.toObject();
                    QList<QPair<QString, QJsonValue>> ordered;
                    for (const char *key :
                         {"elements", "quick_replies", "buttons", "attachment", "image", "custom"})
                        ordered.append(
                            {QString::fromLatin1(key), d.value(QLatin1StringView(key)).isUndefined()
                                                           ? QJsonValue::Null
                                                           : d.value(QLatin1StringView(key))});
                    writeFields(w, ordered);
                } else {
                    w.value(v);
                }
            }
            w.endObject();
        } else {
            writeFields(w, e.fields);
        }
    }
    w.endArray();
    QString channel;
    for (qsizetype i = t.events.size(); i > 0; --i)
        if (t.events[i - 1].type() == u"user") {
            channel = t.events[i - 1].value(u"input_channel").toString();
            break;
        }
    w.key(u"latest_input_channel").value(orNull(channel));
    w.key(u"active_loop").beginObject().endObject();
    w.key(u"latest_action");
    if (latestAction.isEmpty())
        w.value(QJsonValue::Null);
    else
        writeFields(w, {{QStringLiteral("action_name"), latestAction}});
    w.key(u"latest_action_name").value(orNull(latestAction));
    w.endObject();
    return w.data();
}

} // namespace rasachat
