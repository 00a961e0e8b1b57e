#include "conversationscript.h"

#include "../config/yamlsource.h"
#include "../message/jsonwriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <yaml-cpp/yaml.h>

namespace rasachat {

namespace {

struct ScriptError
{
    YAML::Mark mark;
    QString what;
};

[[noreturn]] void fail(const YAML::Node &node, const QString &what)
{
    throw ScriptError{node.Mark(), what};
}

QString scalar(const YAML::Node &node, const QString &what)
{
    if (!node.IsScalar())
        fail(node, what + QStringLiteral(" must be a single value"));
    return QString::fromStdString(node.Scalar());
}

QJsonValue toJson(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        QJsonObject o;
        for (const auto &kv : node)
            o.insert(QString::fromStdString(kv.first.Scalar()), toJson(kv.second));
        return o;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray a;
        for (const auto &item : node)
            a.append(toJson(item));
        return a;
    }
    case YAML::NodeType::Scalar: {
        const std::string s = node.Scalar();
        if (node.Tag() == "!") // quoted: a string, whatever it looks like
            return QString::fromStdString(s);
        bool ok = false;
        const double d = QString::fromStdString(s).toDouble(&ok);
        if (ok)
            return d;
        if (s == "true" || s == "false")
            return s == "true";
        if (s == "null" || s == "~")
            return QJsonValue::Null;
        return QString::fromStdString(s);
    }
    default:
        return QJsonValue::Null;
    }
}

QStringList stringList(const YAML::Node &node, const QString &what)
{
    QStringList out;
    if (node.IsScalar())
        return {QString::fromStdString(node.Scalar())};
    if (!node.IsSequence())
        fail(node, what + QStringLiteral(" must be a list"));
    for (const auto &item : node)
        out << scalar(item, what);
    return out;
}

BotExpectation readExpectation(const YAML::Node &node, int *timeoutMs)
{
    BotExpectation e;
    if (node.IsScalar()) {
        e.text = QString::fromStdString(node.Scalar());
        return e;
    }
    if (!node.IsMap())
        fail(node, QStringLiteral("'bot' takes a text, or a mapping of expectations"));
    static const QStringList known = {QStringLiteral("text"),       QStringLiteral("contains"),
                                      QStringLiteral("matches"),    QStringLiteral("buttons"),
                                      QStringLiteral("payloads"),   QStringLiteral("image"),
                                      QStringLiteral("card"),       QStringLiteral("custom"),
                                      QStringLiteral("attachment"), QStringLiteral("timeout_ms")};
    for (const auto &kv : node) {
        const QString key = QString::fromStdString(kv.first.Scalar());
        const YAML::Node &v = kv.second;
        if (!known.contains(key))
            fail(kv.first,
                 QStringLiteral("unknown expectation '%1' (one of: %2)").arg(key, known.join(u", ")));
        if (key == u"text")
            e.text = scalar(v, key);
        else if (key == u"contains")
            e.contains = scalar(v, key);
        else if (key == u"matches") {
            QRegularExpression re(scalar(v, key));
            if (!re.isValid())
                fail(v,
                     QStringLiteral("'matches' is not a valid regular expression: %1").arg(re.errorString()));
            e.matches = re;
        } else if (key == u"buttons")
            e.buttons = stringList(v, key);
        else if (key == u"payloads")
            e.payloads = stringList(v, key);
        else if (key == u"image")
            e.image = v.IsNull() ? QStringLiteral("*") : scalar(v, key);
        else if (key == u"card")
            e.card = scalar(v, key);
        else if (key == u"custom")
            e.custom = toJson(v);
        else if (key == u"attachment")
            e.attachment = true;
        else if (key == u"timeout_ms") {
            bool ok = false;
            *timeoutMs = scalar(v, key).toInt(&ok);
            if (!ok || *timeoutMs <= 0)
                fail(v, QStringLiteral("'timeout_ms' must be a positive number"));
        }
    }
    return e;
}

ScriptStep readStep(const YAML::Node &node)
{
    ScriptStep step;
    step.line = node.Mark().line + 1;
    if (!node.IsMap() || node.size() == 0)
        fail(node, QStringLiteral("a step is a mapping: user, click, bot or silence_ms"));
    if (node["user"]) {
        step.kind = ScriptStep::Kind::User;
        step.text = scalar(node["user"], QStringLiteral("'user'"));
        if (node["metadata"]) {
            step.metadata = toJson(node["metadata"]);
            if (!step.metadata.isObject())
                fail(node["metadata"], QStringLiteral("'metadata' must be a mapping"));
        }
    } else if (node["click"]) {
        step.kind = ScriptStep::Kind::Click;
        step.text = scalar(node["click"], QStringLiteral("'click'"));
    } else if (node["bot"]) {
        step.kind = ScriptStep::Kind::Bot;
        step.expect = readExpectation(node["bot"], &step.timeoutMs);
    } else if (node["silence_ms"]) {
        step.kind = ScriptStep::Kind::Silence;
        bool ok = false;
        step.timeoutMs = scalar(node["silence_ms"], QStringLiteral("'silence_ms'")).toInt(&ok);
        if (!ok || step.timeoutMs <= 0)
            fail(node["silence_ms"], QStringLiteral("'silence_ms' must be a positive number"));
    } else {
        fail(node, QStringLiteral("a step needs one of: user, click, bot, silence_ms"));
    }
    return step;
}

} // namespace

std::optional<ConversationScript> ConversationScript::load(const QString &path, QString *error)
{
    const auto yaml = readYamlFile(path, error);
    if (!yaml)
        return std::nullopt;
    return parse(*yaml, path, error);
}

std::optional<ConversationScript> ConversationScript::parse(const QByteArray &yaml, const QString &fileName,
                                                            QString *error)
{
    ConversationScript script;
    script.fileName = fileName;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        if (!root.IsMap() || !root["conversations"])
            fail(root, QStringLiteral("the script needs a top-level 'conversations:' list"));
        if (root["fallback"])
            script.fallback = scalar(root["fallback"], QStringLiteral("'fallback'"));
        const YAML::Node list = root["conversations"];
        if (!list.IsSequence())
            fail(list, QStringLiteral("'conversations' must be a list"));
        for (const auto &c : list) {
            Conversation conversation;
            conversation.line = c.Mark().line + 1;
            if (!c.IsMap() || !c["steps"])
                fail(c, QStringLiteral("a conversation needs 'steps:' (and may have a 'name:')"));
            conversation.name = c["name"] ? scalar(c["name"], QStringLiteral("'name'"))
                                          : QStringLiteral("conversation at line %1").arg(conversation.line);
            if (!c["steps"].IsSequence() || c["steps"].size() == 0)
                fail(c["steps"], QStringLiteral("'steps' must be a non-empty list"));
            for (const auto &s : c["steps"])
                conversation.steps.append(readStep(s));
            script.conversations.append(conversation);
        }
        if (script.conversations.isEmpty())
            fail(list, QStringLiteral("'conversations' is empty"));
    } catch (const ScriptError &e) {
        *error = QStringLiteral("%1:%2: %3").arg(fileName).arg(e.mark.line + 1).arg(e.what);
        return std::nullopt;
    } catch (const YAML::Exception &e) {
        *error = yamlSyntaxError(fileName, e);
        return std::nullopt;
    }
    return script;
}

namespace {

QStringList titles(const BotMessage &m, bool payloads)
{
    QStringList out;
    const QList<Button> *list = m.quickReplies && !m.quickReplies->isEmpty() ? &*m.quickReplies
                                : m.buttons                                  ? &*m.buttons
                                                                             : nullptr;
    if (list)
        for (const Button &b : *list)
            out << (payloads ? b.payload : b.title);
    return out;
}

bool subsetOf(const QJsonValue &want, const QJsonValue &got)
{
    if (want.isObject() && got.isObject()) {
        const QJsonObject w = want.toObject(), g = got.toObject();
        for (auto it = w.begin(); it != w.end(); ++it)
            if (!g.contains(it.key()) || !subsetOf(it.value(), g.value(it.key())))
                return false;
        return true;
    }
    return want == got;
}

QString shown(const QString &s)
{
    return u'"' + s + u'"';
}

} // namespace

QString BotExpectation::mismatch(const BotMessage &m) const
{
    const QString text = m.text.value_or(QString());
    const QString got = QString::fromUtf8(m.raw.isEmpty() ? m.toWire(JsonStyle::Compact) : m.raw);
    if (this->text && text != *this->text)
        return QStringLiteral("expected text %1, got %2").arg(shown(*this->text), got);
    if (contains && !text.contains(*contains))
        return QStringLiteral("expected text containing %1, got %2").arg(shown(*contains), got);
    if (matches && !matches->match(text).hasMatch())
        return QStringLiteral("expected text matching /%1/, got %2").arg(matches->pattern(), got);
    if (buttons && titles(m, false) != *buttons)
        return QStringLiteral("expected buttons [%1], got %2").arg(buttons->join(u", "), got);
    if (payloads && titles(m, true) != *payloads)
        return QStringLiteral("expected button payloads [%1], got %2").arg(payloads->join(u", "), got);
    if (image && (!m.image || (*image != u"*" && *m.image != *image)))
        return QStringLiteral("expected image %1, got %2")
            .arg(*image == u"*" ? QStringLiteral("(any)") : *image, got);
    if (card) {
        const bool element = m.elements && !m.elements->isEmpty() && m.elements->first().title == *card;
        const bool flattened = text.startsWith(*card + QStringLiteral(" : "));
        if (!element && !flattened)
            return QStringLiteral("expected card %1, got %2").arg(shown(*card), got);
    }
    if (custom && !subsetOf(*custom, m.custom))
        return QStringLiteral("expected custom %1, got %2")
            .arg(QString::fromUtf8(JsonWriter::encode(*custom, JsonStyle::Compact)), got);
    if (attachment && !isTruthy(m.attachment))
        return QStringLiteral("expected an attachment, got %1").arg(got);
    return {};
}

QString BotExpectation::describe() const
{
    QStringList parts;
    if (text)
        parts << QStringLiteral("text %1").arg(shown(*text));
    if (contains)
        parts << QStringLiteral("text containing %1").arg(shown(*contains));
    if (matches)
        parts << QStringLiteral("text matching /%1/").arg(matches->pattern());
    if (buttons)
        parts << QStringLiteral("buttons [%1]").arg(buttons->join(u", "));
    if (payloads)
        parts << QStringLiteral("payloads [%1]").arg(payloads->join(u", "));
    if (image)
        parts << QStringLiteral("image %1").arg(*image);
    if (card)
        parts << QStringLiteral("card %1").arg(shown(*card));
    if (custom)
        parts << QStringLiteral("custom %1")
                     .arg(QString::fromUtf8(JsonWriter::encode(*custom, JsonStyle::Compact)));
    if (attachment)
        parts << QStringLiteral("an attachment");
    return parts.isEmpty() ? QStringLiteral("any message") : parts.join(QStringLiteral(", "));
}

} // namespace rasachat
