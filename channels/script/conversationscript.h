#pragma once

#include "../message/botmessage.h"
#include "../message/usermessage.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace rasachat {

// What a bot step expects of the next bot message. Every field that is set must hold.
struct BotExpectation
{
    std::optional<QString> text;               // exact text
    std::optional<QString> contains;           // text contains
    std::optional<QRegularExpression> matches; // text matches (anywhere)
    std::optional<QStringList> buttons;        // button or quick reply titles, in order
    std::optional<QStringList> payloads;       // their payloads, in order
    std::optional<QString> image;              // image URL ("*": any image)
    std::optional<QString> card;      // a carousel card's title (REST flattens cards to "title : subtitle")
    std::optional<QJsonValue> custom; // every key given must be in the custom payload, equal
    bool attachment = false;          // an attachment of any kind
    // `utter:` the response's name in the domain (Rasa's `utter_action`), not on the wire: checked
    // through Rasa's HTTP API, and what rasa-mock --bot script names its answer.
    std::optional<QString> utter;
    // `any:` at least one of these fits too; `not:` none of these (each a text, contains or matches) fits.
    std::vector<BotExpectation> anyOf;
    std::vector<BotExpectation> noneOf;

    // Empty when `m` fits; otherwise what differs, as "expected …, got …".
    QString mismatch(const BotMessage &m) const;
    QString describe() const;
    // A `not:` entry (one of text, contains, matches) as "other than …", "not containing …".
    QString describeNegated() const;
    // `${sender}` replaced by the conversation's sender id (in `matches` as a literal).
    BotExpectation withSender(const QString &sender) const;
};

// One entry of `slot_was_set:` / `slot_was_not_set:` (Rasa's E2E steps): a slot, with or without a value.
struct SlotExpectation
{
    QString name;
    std::optional<QJsonValue> value;

    QString describe() const;
};

struct ScriptStep
{
    enum class Kind { User, Click, Bot, Silence, SlotWasSet, SlotWasNotSet };
    Kind kind = Kind::User;
    QString text;                                // User: what the user says; Click: the button title
    QJsonValue metadata = QJsonValue::Undefined; // User
    BotExpectation expect;                       // Bot
    QList<SlotExpectation> slotChecks;           // SlotWasSet, SlotWasNotSet
    int timeoutMs = 10'000;                      // Bot: how long to wait; Silence: how long nothing may come
    int line = 0;                                // in the script file
};

struct Conversation
{
    QString name;
    QList<ScriptStep> steps;
    int line = 0;
    QStringList tags;    // `tags:`, for rasa-probe test --tag
    bool strict = false; // `strict: true`: a bot message no step expected fails the conversation

    // Steps that only Rasa's HTTP API can check (`utter:`, slot steps): without --api-url they are skipped.
    QList<const ScriptStep *> apiSteps() const;

    // The steps with `${sender}` replaced by the sender id the conversation runs as.
    Conversation withSender(const QString &sender) const;
    // One text of a script as it is sent or expected: `${sender}` replaced, `$${NAME}` unescaped.
    static QString resolve(const QString &text, const QString &sender);
};

// A conversation script (README "Conversation scripts"): the conversations rasa-probe test runs, and the
// rules rasa-mock --bot script answers with.
struct ConversationScript
{
    QString fileName;
    QList<Conversation> conversations;
    QString fallback = QStringLiteral("Sorry, I did not get that.");

    // On failure returns nullopt and sets *error to "FILE:LINE: what is wrong". `${NAME}` in a string is
    // replaced from the environment here (an unset one is an error), `${sender}` only when it runs.
    static std::optional<ConversationScript> load(const QString &path, QString *error);
    static std::optional<ConversationScript> parse(const QByteArray &yaml, const QString &fileName,
                                                   QString *error);
};

// One message of a conversation as it happened, for writeRecording().
struct RecordedMessage
{
    enum class From { User, Bot };
    From from = From::User;
    QString text;        // User: what was sent
    QJsonValue metadata; // User: sent with it, if any
    BotMessage bot;      // Bot: what arrived
};

// A conversation that happened, as a script `rasa-probe test` passes against the same bot: each user
// message a `user:` step, each bot message a `bot:` step expecting what it carried (text, buttons and
// payloads, image, the first card, custom payload, attachment). `comment` becomes the file's first lines.
QByteArray writeRecording(const QString &name, const QList<RecordedMessage> &messages,
                          const QString &comment);

// Rasa's end-to-end test cases (Rasa 3.5+ / Rasa Pro, `rasa test e2e`), read as they are: `test_cases:`
// of `test_case:` with `steps:` (user, bot, utter, slot_was_set, slot_was_not_set), `fixtures:` (slot
// values a test case starts with) and `metadata:` (sent with user messages), at the top level and named
// by a test case (`fixtures: [names]`, `metadata: name`) or a user step (`metadata: name`).
struct E2EStep
{
    enum class Kind { User, Bot, Utter, SlotWasSet, SlotWasNotSet };
    Kind kind = Kind::User;
    QString text;         // User: the message; Bot: the exact text; Utter: the response name
    QJsonObject metadata; // User: the test case's metadata merged with the step's
    QList<SlotExpectation> slotChecks;
    int line = 0;
};

struct E2ETestCase
{
    QString name;
    int line = 0;
    QList<QPair<QString, QJsonValue>> fixtureSlots; // from the fixtures it names, in order
    QList<E2EStep> steps;
};

struct E2ETestSuite
{
    QString fileName;
    QList<E2ETestCase> testCases;

    // A file with a top-level `test_cases:` is Rasa's format.
    static bool isE2E(const QByteArray &yaml);
    // On failure returns nullopt with *error "FILE:LINE: what is wrong".
    static std::optional<E2ETestSuite> parse(const QByteArray &yaml, const QString &fileName, QString *error);
};

} // namespace rasachat
