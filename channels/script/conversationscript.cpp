#include "conversationscript.h"

#include "../config/yamlsource.h"
#include "../message/jsonwriter.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

namespace rasachat {

namespace {

struct ScriptError
{
    int line;
    QString what;
};

[[noreturn]] void fail(const YamlNode &node, const QString &what)
{
    throw ScriptError{node.line(), what};
}

const QString kSender = QStringLiteral("sender");

// `${NAME}` from the environment (an unset one is a script error); `${sender}` stays for the runner;
// `$${` is a literal `${`.
QString substitute(const YamlNode &node, const QString &text)
{
    static const QRegularExpression var(QStringLiteral("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_]*)\\}"));
    QString out;
    qsizetype from = 0;
    for (auto it = var.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        out += text.mid(from, m.capturedStart() - from);
        from = m.capturedEnd();
        const QString name = m.captured(2);
        if (!m.captured(1).isEmpty() || name == kSender) {
            out += m.captured(0); // resolved with the sender, when the conversation runs
            continue;
        }
        const QByteArray key = name.toLocal8Bit();
        if (!qEnvironmentVariableIsSet(key.constData()))
            fail(node, QStringLiteral("environment variable '%1' is not set (used as ${%1}; write $${%1} for "
                                      "the text itself)")
                           .arg(name));
        out += qEnvironmentVariable(key.constData());
    }
    return out + text.mid(from);
}

QString scalar(const YamlNode &node, const QString &what)
{
    if (!node.isScalar())
        fail(node, what + QStringLiteral(" must be a single value"));
    return substitute(node, node.isNull() && node.isPlain() ? QString() : node.scalar());
}

QString scalar(const YamlNode *node, const QString &what)
{
    return scalar(*node, what);
}

QJsonValue substituted(const YamlNode &node, QJsonValue v)
{
    if (v.isString())
        return substitute(node, v.toString());
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        for (auto it = a.begin(); it != a.end(); ++it)
            *it = substituted(node, *it);
        return a;
    }
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            it.value() = substituted(node, it.value());
        return o;
    }
    return v;
}

QJsonValue toJson(const YamlNode &node)
{
    return substituted(node, node.toJson());
}

QStringList stringList(const YamlNode &node, const QString &what)
{
    QStringList out;
    if (node.isScalar())
        return {scalar(node, what)};
    if (!node.isSequence())
        fail(node, what + QStringLiteral(" must be a list"));
    for (const YamlNode &item : node.items())
        out << scalar(item, what);
    return out;
}

int positive(const YamlNode &node, const QString &key)
{
    bool ok = false;
    const int n = scalar(node, key).toInt(&ok);
    if (!ok || n <= 0)
        fail(node, QStringLiteral("'%1' must be a positive number").arg(key));
    return n;
}

// Every mapping key must be one of `known`: a key the reader does not know is a check that would
// silently not happen.
void onlyKnownKeys(const YamlNode &node, const QStringList &known, const QString &where)
{
    for (const auto &[k, v] : node.entries()) {
        const QString key = k.isScalar() ? k.scalar() : QString();
        if (!known.contains(key))
            fail(k, QStringLiteral("unknown key '%1' %2 (valid: %3)").arg(key, where, known.join(u", ")));
    }
}

QRegularExpression regex(const YamlNode &node, const QString &pattern)
{
    QRegularExpression re(pattern);
    if (!re.isValid())
        fail(node, QStringLiteral("'matches' is not a valid regular expression: %1").arg(re.errorString()));
    return re;
}

BotExpectation readExpectation(const YamlNode &node, int *timeoutMs, bool nested = false);

void readText(BotExpectation &e, const QString &key, const YamlNode &v)
{
    if (key == u"text")
        e.text = scalar(v, key);
    else if (key == u"contains")
        e.contains = scalar(v, key);
    else if (key == u"matches")
        e.matches = regex(v, scalar(v, key));
}

BotExpectation readExpectation(const YamlNode &node, int *timeoutMs, bool nested)
{
    BotExpectation e;
    if (node.isScalar() && !node.isNull()) {
        e.text = scalar(node, QStringLiteral("'bot'"));
        return e;
    }
    if (!node.isMapping())
        fail(node, QStringLiteral("'bot' takes a text, or a mapping of expectations"));
    static const QStringList known = {
        QStringLiteral("text"),      QStringLiteral("contains"),   QStringLiteral("matches"),
        QStringLiteral("not"),       QStringLiteral("any"),        QStringLiteral("buttons"),
        QStringLiteral("payloads"),  QStringLiteral("image"),      QStringLiteral("card"),
        QStringLiteral("custom"),    QStringLiteral("attachment"), QStringLiteral("utter"),
        QStringLiteral("timeout_ms")};
    for (const auto &[k, v] : node.entries()) {
        const QString key = k.isScalar() ? k.scalar() : QString();
        if (!known.contains(key) || (nested && (key == u"timeout_ms" || key == u"utter")))
            fail(k, QStringLiteral("unknown expectation '%1' (one of: %2)")
                        .arg(key, (nested ? known.mid(0, known.size() - 2) : known).join(u", ")));
        if (key == u"text" || key == u"contains" || key == u"matches") {
            readText(e, key, v);
        } else if (key == u"not") {
            if (!v.isMapping() || v.entries().isEmpty())
                fail(v, QStringLiteral("'not' takes a mapping of text, contains and/or matches"));
            onlyKnownKeys(v, {QStringLiteral("text"), QStringLiteral("contains"), QStringLiteral("matches")},
                          QStringLiteral("in 'not'"));
            for (const auto &[nk, nv] : v.entries()) {
                BotExpectation negative;
                readText(negative, nk.scalar(), nv);
                e.noneOf.push_back(std::move(negative));
            }
        } else if (key == u"any") {
            if (!v.isSequence() || v.items().size() < 2)
                fail(v, QStringLiteral("'any' takes a list of at least two expectations"));
            int unused = 0;
            for (const YamlNode &alternative : v.items())
                e.anyOf.push_back(readExpectation(alternative, &unused, true));
        } else if (key == u"buttons")
            e.buttons = stringList(v, key);
        else if (key == u"payloads")
            e.payloads = stringList(v, key);
        else if (key == u"image")
            e.image = v.isNull() ? QStringLiteral("*") : scalar(v, key);
        else if (key == u"card")
            e.card = scalar(v, key);
        else if (key == u"custom")
            e.custom = toJson(v);
        else if (key == u"attachment")
            e.attachment = true;
        else if (key == u"utter")
            e.utter = scalar(v, key);
        else if (key == u"timeout_ms")
            *timeoutMs = positive(v, key);
    }
    return e;
}

SlotExpectation slotEntry(const YamlNode &node, const QString &key)
{
    static const QRegularExpression slotName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]*$"));
    SlotExpectation e;
    if (node.isScalar() && !node.isNull()) {
        e.name = scalar(node, key);
    } else if (node.isMapping() && node.entries().size() == 1) {
        e.name = scalar(node.entries().first().first, key);
        e.value = toJson(node.entries().first().second);
    } else {
        fail(node, QStringLiteral("'%1' takes slot names or `name: value` entries").arg(key));
    }
    if (!slotName.match(e.name).hasMatch())
        fail(node, QStringLiteral("'%1' is not a slot name").arg(e.name));
    return e;
}

// Rasa's form is a list of entries (`- name` or `- name: value`); one mapping of several is read too.
QList<SlotExpectation> readSlots(const YamlNode &node, const QString &key)
{
    QList<SlotExpectation> out;
    if (node.isSequence() && !node.items().isEmpty()) {
        for (const YamlNode &item : node.items())
            out << slotEntry(item, key);
    } else if (node.isMapping() && !node.entries().isEmpty()) {
        for (const auto &[k, v] : node.entries()) {
            SlotExpectation e = slotEntry(k, key);
            e.value = toJson(v);
            out << e;
        }
    } else if (node.isScalar() && !node.isNull()) {
        out << slotEntry(node, key);
    } else {
        fail(node, QStringLiteral("'%1' takes a list of slot names or `name: value` entries").arg(key));
    }
    return out;
}

ScriptStep readStep(const YamlNode &node)
{
    static const QStringList kinds = {QStringLiteral("user"),         QStringLiteral("click"),
                                      QStringLiteral("bot"),          QStringLiteral("silence_ms"),
                                      QStringLiteral("slot_was_set"), QStringLiteral("slot_was_not_set")};
    ScriptStep step;
    step.line = node.line();
    if (!node.isMapping() || node.entries().isEmpty())
        fail(node, QStringLiteral("a step is a mapping with one of: %1").arg(kinds.join(u", ")));
    onlyKnownKeys(node, kinds + QStringList{QStringLiteral("metadata")}, QStringLiteral("in a step"));
    // One step is one key: a second one (often a `bot:` indented under a `user:`) would otherwise be a
    // check that never runs.
    QStringList present;
    for (const auto &[k, v] : node.entries())
        if (kinds.contains(k.scalar())) {
            present << k.scalar();
            if (present.size() == 2)
                fail(k, QStringLiteral("a step holds exactly one of %1, but this one has '%2' and '%3' "
                                       "(start each step with its own '- ')")
                            .arg(kinds.join(u", "), present[0], present[1]));
        }
    if (present.isEmpty())
        fail(node, QStringLiteral("a step needs one of: %1").arg(kinds.join(u", ")));
    const QString kind = present.first();
    const YamlNode &value = *node.value(kind);
    if ((kind == u"user" || kind == u"click") && value.isNull())
        fail(value, QStringLiteral("'%1' needs a text").arg(kind));
    if (node.value(u"metadata") && kind != u"user")
        fail(*node.key(u"metadata"), QStringLiteral("'metadata' belongs to a 'user' step"));
    if (kind == u"user") {
        step.kind = ScriptStep::Kind::User;
        step.text = scalar(value, QStringLiteral("'user'"));
        if (const YamlNode *metadata = node.value(u"metadata")) {
            step.metadata = toJson(*metadata);
            if (!step.metadata.isObject())
                fail(*metadata, QStringLiteral("'metadata' must be a mapping"));
        }
    } else if (kind == u"click") {
        step.kind = ScriptStep::Kind::Click;
        step.text = scalar(value, QStringLiteral("'click'"));
    } else if (kind == u"bot") {
        step.kind = ScriptStep::Kind::Bot;
        step.expect = readExpectation(value, &step.timeoutMs);
    } else if (kind == u"silence_ms") {
        step.kind = ScriptStep::Kind::Silence;
        step.timeoutMs = positive(value, QStringLiteral("silence_ms"));
    } else {
        step.kind = kind == u"slot_was_set" ? ScriptStep::Kind::SlotWasSet : ScriptStep::Kind::SlotWasNotSet;
        step.slotChecks = readSlots(value, kind);
    }
    return step;
}

Conversation readConversation(const YamlNode &c)
{
    Conversation conversation;
    conversation.line = c.line();
    if (!c.isMapping() || !c.value(u"steps"))
        fail(c, QStringLiteral("a conversation needs 'steps:' (and may have a 'name:')"));
    onlyKnownKeys(
        c,
        {QStringLiteral("name"), QStringLiteral("steps"), QStringLiteral("tags"), QStringLiteral("strict")},
        QStringLiteral("in a conversation"));
    conversation.name = c.value(u"name") ? scalar(c.value(u"name"), QStringLiteral("'name'"))
                                         : QStringLiteral("conversation at line %1").arg(conversation.line);
    if (const YamlNode *tags = c.value(u"tags"))
        conversation.tags = stringList(*tags, QStringLiteral("'tags'"));
    if (const YamlNode *strict = c.value(u"strict")) {
        const QJsonValue v = strict->toJson();
        if (!v.isBool())
            fail(*strict, QStringLiteral("'strict' must be true or false"));
        conversation.strict = v.toBool();
    }
    const YamlNode &steps = *c.value(u"steps");
    if (!steps.isSequence() || steps.items().isEmpty())
        fail(steps, QStringLiteral("'steps' must be a non-empty list"));
    for (const YamlNode &s : steps.items())
        conversation.steps.append(readStep(s));
    return conversation;
}

// `${sender}` becomes the sender and `$${NAME}` the text `${NAME}`; in a pattern both as literals.
QString withSender(const QString &text, const QString &sender, bool pattern = false)
{
    static const QRegularExpression var(QStringLiteral("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_]*)\\}"));
    QString out;
    qsizetype from = 0;
    for (auto it = var.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        out += text.mid(from, m.capturedStart() - from);
        from = m.capturedEnd();
        const QString value = m.captured(1).isEmpty() ? sender : m.captured(0).mid(1);
        out += pattern ? QRegularExpression::escape(value) : value;
    }
    return out + text.mid(from);
}

QJsonValue withSender(const QJsonValue &v, const QString &sender)
{
    if (v.isString())
        return withSender(v.toString(), sender);
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        for (auto it = a.begin(); it != a.end(); ++it)
            *it = withSender(QJsonValue(*it), sender);
        return a;
    }
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            it.value() = withSender(it.value(), sender);
        return o;
    }
    return v;
}

} // namespace

namespace {

const QRegularExpression &identifier()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re;
}

QString name(const YamlNode &node, const QString &what)
{
    const QString n = scalar(node, what);
    if (!identifier().match(n).hasMatch())
        fail(node, QStringLiteral("%1 '%2' is not a name (letters, digits, _)").arg(what, n));
    return n;
}

// `fixtures:` at the top: a list of `- NAME:` holding a list of `- slot: value`.
QHash<QString, QList<QPair<QString, QJsonValue>>> readFixtures(const YamlNode &node)
{
    QHash<QString, QList<QPair<QString, QJsonValue>>> out;
    if (node.isNull())
        return out;
    if (!node.isSequence())
        fail(node, QStringLiteral("'fixtures' must be a list of `- name:` with a list of `- slot: value`"));
    for (const YamlNode &f : node.items()) {
        if (!f.isMapping() || f.entries().size() != 1 || !f.entries().first().second.isSequence())
            fail(f, QStringLiteral("a fixture is `- name:` with a list of `- slot: value`"));
        const QString fixture = name(f.entries().first().first, QStringLiteral("fixture"));
        QList<QPair<QString, QJsonValue>> slotValues;
        for (const YamlNode &slot : f.entries().first().second.items()) {
            if (!slot.isMapping() || slot.entries().size() != 1)
                fail(slot, QStringLiteral("a fixture slot is `- slot: value`"));
            slotValues.append({name(slot.entries().first().first, QStringLiteral("slot")),
                               toJson(slot.entries().first().second)});
        }
        out.insert(fixture, slotValues);
    }
    return out;
}

// `metadata:` at the top: a list of `- NAME:` holding a mapping.
QHash<QString, QJsonObject> readMetadata(const YamlNode &node)
{
    QHash<QString, QJsonObject> out;
    if (node.isNull())
        return out;
    if (!node.isSequence())
        fail(node, QStringLiteral("'metadata' must be a list of `- name:` with a mapping"));
    for (const YamlNode &m : node.items()) {
        if (!m.isMapping() || m.entries().size() != 1 || !m.entries().first().second.isMapping())
            fail(m, QStringLiteral("a metadata entry is `- name:` with a mapping of keys and values"));
        out.insert(name(m.entries().first().first, QStringLiteral("metadata")),
                   toJson(m.entries().first().second).toObject());
    }
    return out;
}

QJsonObject namedMetadata(const YamlNode &node, const QHash<QString, QJsonObject> &metadata)
{
    const QString n = name(node, QStringLiteral("metadata"));
    if (!metadata.contains(n))
        fail(node, QStringLiteral("metadata '%1' is not defined in the file's top-level 'metadata:'").arg(n));
    return metadata.value(n);
}

E2EStep readE2EStep(const YamlNode &node, const QJsonObject &caseMetadata,
                    const QHash<QString, QJsonObject> &metadata)
{
    static const QStringList kinds = {QStringLiteral("user"), QStringLiteral("bot"), QStringLiteral("utter"),
                                      QStringLiteral("slot_was_set"), QStringLiteral("slot_was_not_set")};
    E2EStep step;
    step.line = node.line();
    if (!node.isMapping() || node.entries().isEmpty())
        fail(node, QStringLiteral("a step is a mapping with one of: %1").arg(kinds.join(u", ")));
    for (const auto &[k, v] : node.entries()) {
        const QString key = k.isScalar() ? k.scalar() : QString();
        if (key == u"assertions" || key == u"assertion_order_enabled")
            fail(k, QStringLiteral(
                        "'%1' (Rasa Pro's assertions) is not supported by rasa-probe: use bot, utter, "
                        "slot_was_set and slot_was_not_set steps")
                        .arg(key));
    }
    onlyKnownKeys(node, kinds + QStringList{QStringLiteral("metadata")}, QStringLiteral("in a step"));
    QStringList present;
    for (const auto &[k, v] : node.entries())
        if (kinds.contains(k.scalar()))
            present << k.scalar();
    if (present.size() != 1)
        fail(node, QStringLiteral("a step holds exactly one of %1").arg(kinds.join(u", ")));
    const QString kind = present.first();
    const YamlNode &value = *node.value(kind);
    if (node.value(u"metadata") && kind != u"user")
        fail(*node.key(u"metadata"), QStringLiteral("'metadata' belongs to a 'user' step"));
    if (kind == u"user" || kind == u"bot" || kind == u"utter") {
        if (!value.isScalar() || value.isNull())
            fail(value, QStringLiteral("'%1' needs a text").arg(kind));
        step.kind = kind == u"user"  ? E2EStep::Kind::User
                    : kind == u"bot" ? E2EStep::Kind::Bot
                                     : E2EStep::Kind::Utter;
        step.text = scalar(value, kind);
        if (step.kind == E2EStep::Kind::User) {
            // Rasa's merge_metadata: the step's keys win over the test case's.
            step.metadata = caseMetadata;
            if (const YamlNode *m = node.value(u"metadata")) {
                const QJsonObject own = namedMetadata(*m, metadata);
                for (auto it = own.begin(); it != own.end(); ++it)
                    step.metadata.insert(it.key(), it.value());
            }
        }
    } else {
        step.kind = kind == u"slot_was_set" ? E2EStep::Kind::SlotWasSet : E2EStep::Kind::SlotWasNotSet;
        step.slotChecks = readSlots(value, kind);
    }
    return step;
}

} // namespace

namespace {

// A YAML double-quoted scalar: JSON's string syntax is one (libyaml reads \uXXXX and \" alike).
QByteArray quoted(const QString &s)
{
    return JsonWriter::encode(QJsonValue(s), JsonStyle::Python);
}

// A JSON value as a YAML flow node (JSON with ", " and ": " is YAML that libyaml reads).
QByteArray flow(const QJsonValue &v)
{
    return JsonWriter::encode(v, JsonStyle::Python);
}

QByteArray quotedList(const QStringList &items)
{
    QByteArrayList out;
    for (const QString &i : items)
        out << quoted(i);
    return '[' + out.join(", ") + ']';
}

} // namespace

QByteArray writeRecording(const QString &name, const QList<RecordedMessage> &messages, const QString &comment)
{
    QByteArray y;
    for (const QString &line : comment.split(u'\n', Qt::SkipEmptyParts))
        y += "# " + line.toUtf8() + '\n';
    y += "conversations:\n  - name: " + quoted(name) + "\n    steps:\n";
    for (const RecordedMessage &m : messages) {
        if (m.from == RecordedMessage::From::User) {
            y += "      - user: " + quoted(m.text) + '\n';
            if (m.metadata.isObject() && !m.metadata.toObject().isEmpty())
                y += "        metadata: " + flow(m.metadata) + '\n';
            continue;
        }
        const BotMessage &b = m.bot;
        QByteArrayList keys;
        if (b.text)
            keys << "text: " + quoted(*b.text);
        const QList<Button> *buttons = b.quickReplies && !b.quickReplies->isEmpty() ? &*b.quickReplies
                                       : b.buttons && !b.buttons->isEmpty()         ? &*b.buttons
                                                                                    : nullptr;
        if (buttons) {
            QStringList titles, payloads;
            for (const Button &button : *buttons) {
                titles << button.title;
                payloads << button.payload;
            }
            keys << "buttons: " + quotedList(titles) << "payloads: " + quotedList(payloads);
        }
        if (b.image)
            keys << "image: " + quoted(*b.image);
        if (b.elements && !b.elements->isEmpty())
            keys << "card: " + quoted(b.elements->first().title);
        if (!b.custom.isUndefined() && !b.custom.isNull())
            keys << "custom: " + flow(b.custom);
        if (isTruthy(b.attachment))
            keys << "attachment: true";
        if (keys.isEmpty())
            continue; // nothing a step could expect of it
        y += "      - bot:\n";
        for (const QByteArray &k : keys)
            y += "          " + k + '\n';
    }
    return y;
}

bool E2ETestSuite::isE2E(const QByteArray &yaml)
{
    QString error;
    const auto root = parseYaml(yaml, QString(), &error);
    return root && root->isMapping() && root->value(u"test_cases");
}

std::optional<E2ETestSuite> E2ETestSuite::parse(const QByteArray &yaml, const QString &fileName,
                                                QString *error)
{
    const auto root = parseYaml(yaml, fileName, error);
    if (!root)
        return std::nullopt;
    E2ETestSuite suite;
    suite.fileName = fileName;
    try {
        if (!root->isMapping() || !root->value(u"test_cases"))
            fail(*root, QStringLiteral("Rasa's end-to-end tests need a top-level 'test_cases:' list"));
        onlyKnownKeys(*root,
                      {QStringLiteral("test_cases"), QStringLiteral("fixtures"), QStringLiteral("metadata"),
                       QStringLiteral("stub_custom_actions")},
                      QStringLiteral("at the top level"));
        if (root->value(u"stub_custom_actions"))
            fail(*root->key(u"stub_custom_actions"),
                 QStringLiteral("'stub_custom_actions' stubs actions inside Rasa; a live bot runs its own"));
        const auto fixtures = root->value(u"fixtures") ? readFixtures(*root->value(u"fixtures"))
                                                       : QHash<QString, QList<QPair<QString, QJsonValue>>>();
        const auto metadata = root->value(u"metadata") ? readMetadata(*root->value(u"metadata"))
                                                       : QHash<QString, QJsonObject>();
        const YamlNode &list = *root->value(u"test_cases");
        if (!list.isSequence() || list.items().isEmpty())
            fail(list, QStringLiteral("'test_cases' must be a non-empty list"));
        for (const YamlNode &c : list.items()) {
            E2ETestCase testCase;
            testCase.line = c.line();
            if (!c.isMapping() || !c.value(u"test_case") || !c.value(u"steps"))
                fail(c, QStringLiteral("a test case needs 'test_case:' (its name) and 'steps:'"));
            onlyKnownKeys(c,
                          {QStringLiteral("test_case"), QStringLiteral("steps"), QStringLiteral("fixtures"),
                           QStringLiteral("metadata")},
                          QStringLiteral("in a test case"));
            testCase.name = scalar(*c.value(u"test_case"), QStringLiteral("'test_case'"));
            if (const YamlNode *names = c.value(u"fixtures")) {
                for (const QString &n : stringList(*names, QStringLiteral("'fixtures'"))) {
                    if (!fixtures.contains(n))
                        fail(*names, QStringLiteral("fixture '%1' is not defined in the file's top-level "
                                                    "'fixtures:'")
                                         .arg(n));
                    testCase.fixtureSlots += fixtures.value(n);
                }
            }
            const QJsonObject caseMetadata =
                c.value(u"metadata") ? namedMetadata(*c.value(u"metadata"), metadata) : QJsonObject();
            const YamlNode &steps = *c.value(u"steps");
            if (!steps.isSequence() || steps.items().isEmpty())
                fail(steps, QStringLiteral("'steps' must be a non-empty list"));
            for (const YamlNode &s : steps.items())
                testCase.steps.append(readE2EStep(s, caseMetadata, metadata));
            if (testCase.steps.first().kind != E2EStep::Kind::User)
                fail(steps.items().first(),
                     QStringLiteral("rasa-probe runs test cases that start with a user "
                                    "step (what a bot says on session start is not "
                                    "checked)"));
            suite.testCases.append(testCase);
        }
    } catch (const ScriptError &e) {
        *error = QStringLiteral("%1:%2: %3").arg(fileName).arg(e.line).arg(e.what);
        return std::nullopt;
    }
    return suite;
}

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
    const auto root = parseYaml(yaml, fileName, error);
    if (!root)
        return std::nullopt;
    ConversationScript script;
    script.fileName = fileName;
    try {
        if (!root->isMapping() || !root->value(u"conversations"))
            fail(*root, QStringLiteral("the script needs a top-level 'conversations:' list"));
        onlyKnownKeys(*root, {QStringLiteral("conversations"), QStringLiteral("fallback")},
                      QStringLiteral("at the top level"));
        if (const YamlNode *fallback = root->value(u"fallback"))
            script.fallback = scalar(*fallback, QStringLiteral("'fallback'"));
        const YamlNode &list = *root->value(u"conversations");
        if (!list.isSequence())
            fail(list, QStringLiteral("'conversations' must be a list"));
        for (const YamlNode &c : list.items())
            script.conversations.append(readConversation(c));
        if (script.conversations.isEmpty())
            fail(list, QStringLiteral("'conversations' is empty"));
    } catch (const ScriptError &e) {
        *error = QStringLiteral("%1:%2: %3").arg(fileName).arg(e.line).arg(e.what);
        return std::nullopt;
    }
    return script;
}

Conversation Conversation::withSender(const QString &sender) const
{
    Conversation c = *this;
    for (ScriptStep &s : c.steps) {
        s.text = rasachat::withSender(s.text, sender);
        s.metadata = rasachat::withSender(s.metadata, sender);
        s.expect = s.expect.withSender(sender);
    }
    return c;
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
    for (const BotExpectation &n : noneOf)
        if (n.mismatch(m).isEmpty())
            return QStringLiteral("expected text %1, got %2").arg(n.describeNegated(), got);
    if (!anyOf.empty() && std::none_of(anyOf.begin(), anyOf.end(),
                                       [&](const BotExpectation &a) { return a.mismatch(m).isEmpty(); })) {
        QStringList alternatives;
        for (const BotExpectation &a : anyOf)
            alternatives << a.describe();
        return QStringLiteral("expected any of (%1), got %2")
            .arg(alternatives.join(QStringLiteral(") or (")), got);
    }
    return {};
}

QString SlotExpectation::describe() const
{
    return value ? QStringLiteral("%1 = %2").arg(
                       name, QString::fromUtf8(JsonWriter::encode(*value, JsonStyle::Compact)))
                 : name;
}

QList<const ScriptStep *> Conversation::apiSteps() const
{
    QList<const ScriptStep *> out;
    for (const ScriptStep &s : steps)
        if (s.kind == ScriptStep::Kind::SlotWasSet || s.kind == ScriptStep::Kind::SlotWasNotSet ||
            (s.kind == ScriptStep::Kind::Bot && s.expect.utter))
            out << &s;
    return out;
}

QString BotExpectation::describe() const
{
    QStringList parts;
    if (utter)
        parts << QStringLiteral("response %1").arg(*utter);
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
    for (const BotExpectation &n : noneOf)
        parts << QStringLiteral("text %1").arg(n.describeNegated());
    if (!anyOf.empty()) {
        QStringList alternatives;
        for (const BotExpectation &a : anyOf)
            alternatives << a.describe();
        parts << QStringLiteral("any of (%1)").arg(alternatives.join(QStringLiteral(") or (")));
    }
    return parts.isEmpty() ? QStringLiteral("any message") : parts.join(QStringLiteral(", "));
}

QString BotExpectation::describeNegated() const
{
    if (text)
        return QStringLiteral("other than %1").arg(shown(*text));
    if (contains)
        return QStringLiteral("not containing %1").arg(shown(*contains));
    if (matches)
        return QStringLiteral("not matching /%1/").arg(matches->pattern());
    return {};
}

QString Conversation::resolve(const QString &text, const QString &sender)
{
    return rasachat::withSender(text, sender);
}

BotExpectation BotExpectation::withSender(const QString &sender) const
{
    BotExpectation e = *this;
    auto apply = [&](std::optional<QString> &s) {
        if (s)
            s = rasachat::withSender(*s, sender);
    };
    apply(e.text);
    apply(e.contains);
    apply(e.image);
    apply(e.card);
    if (e.matches)
        e.matches = QRegularExpression(rasachat::withSender(e.matches->pattern(), sender, true));
    for (auto *list : {&e.buttons, &e.payloads})
        if (*list)
            for (QString &s : **list)
                s = rasachat::withSender(s, sender);
    if (e.custom)
        e.custom = rasachat::withSender(*e.custom, sender);
    for (auto &a : e.anyOf)
        a = a.withSender(sender);
    for (auto &n : e.noneOf)
        n = n.withSender(sender);
    return e;
}

} // namespace rasachat
