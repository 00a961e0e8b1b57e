#include "scriptagent.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace rasachat {

namespace {

// The text a pattern stands for when it is a plain text: `^Hello\.$` is "Hello."; nullopt when it
// holds any regular-expression construct.
std::optional<QString> literalText(QString pattern)
{
    if (pattern.startsWith(u'^'))
        pattern.remove(0, 1);
    if (pattern.endsWith(u'$') && !pattern.endsWith(QStringLiteral("\\$")))
        pattern.chop(1);
    QString out;
    static const QString meta = QStringLiteral(".[]()*+?{}|^$\\");
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == u'\\') {
            if (i + 1 >= pattern.size() || pattern.at(i + 1).isLetterOrNumber())
                return std::nullopt; // \d, \w, \1...: a class, not a character
            out += pattern.at(++i);
        } else if (meta.contains(c)) {
            return std::nullopt;
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<QString> answerText(const BotExpectation &e)
{
    if (e.text)
        return e.text;
    if (e.contains)
        return e.contains;
    if (!e.anyOf.empty())
        return answerText(e.anyOf.front());
    if (e.matches)
        return literalText(e.matches->pattern());
    return std::nullopt;
}

bool isEmpty(const BotMessage &r)
{
    return !r.text && !r.buttons && !r.image && !r.elements && r.custom.isUndefined() &&
           r.attachment.isUndefined();
}

// nullopt with *why when the step gives nothing a bot could send.
std::optional<BotMessage> responseFor(const BotExpectation &e, QString *why)
{
    BotMessage r;
    if (const auto text = answerText(e))
        r.text = *text;
    else if (e.matches || (!e.anyOf.empty() && e.anyOf.front().matches))
        return *why = QStringLiteral("cannot answer with text matching /%1/: it is a pattern, not a text "
                                     "(give the answer as text: or contains: beside matches:)")
                          .arg(e.matches ? e.matches->pattern() : e.anyOf.front().matches->pattern()),
               std::nullopt;
    if (e.buttons) {
        QList<Button> buttons;
        for (qsizetype i = 0; i < e.buttons->size(); ++i) {
            const QString payload =
                e.payloads && i < e.payloads->size() ? e.payloads->at(i) : e.buttons->at(i);
            buttons.append(Button{e.buttons->at(i), payload, {}});
        }
        r.buttons = buttons;
    }
    if (e.image) // "*" is any image: one that cannot be fetched is still an image
        r.image = *e.image == u"*" ? QStringLiteral("https://example.com/image.png") : *e.image;
    if (e.card)
        r.elements = QList<CarouselElement>{CarouselElement{*e.card, {}, {}, {}, {}}};
    if (e.custom)
        r.custom = *e.custom;
    if (e.attachment)
        r.attachment = QJsonObject{
            {QStringLiteral("type"), QStringLiteral("file")},
            {QStringLiteral("payload"),
             QJsonObject{{QStringLiteral("src"), QStringLiteral("https://example.com/attachment")}}}};
    if (isEmpty(r))
        return *why = QStringLiteral("this bot step gives nothing to answer with (only negative or "
                                     "timing expectations)"),
               std::nullopt;
    return r;
}

} // namespace

std::unique_ptr<ScriptAgent> ScriptAgent::create(const ConversationScript &script, QString *error)
{
    std::unique_ptr<ScriptAgent> agent(new ScriptAgent);
    agent->m_fallback = script.fallback;
    for (const Conversation &c : script.conversations) {
        QString input;
        AgentTurn answer;
        QList<Button> lastButtons;
        auto commit = [&] {
            if (!input.isNull() && !agent->m_rules.contains(input))
                agent->m_rules.insert(input, answer);
            answer = {};
        };
        for (const ScriptStep &s : c.steps) {
            switch (s.kind) {
            case ScriptStep::Kind::User:
                commit();
                input = s.text.trimmed();
                break;
            case ScriptStep::Kind::Click: {
                commit();
                const auto b = std::find_if(lastButtons.begin(), lastButtons.end(),
                                            [&](const Button &x) { return x.title == s.text; });
                input = b == lastButtons.end() ? s.text : b->payload;
                break;
            }
            case ScriptStep::Kind::Bot: {
                QString why;
                const auto r = responseFor(s.expect, &why);
                if (!r) {
                    *error = QStringLiteral("%1:%2: rasa-mock --bot script %3")
                                 .arg(script.fileName)
                                 .arg(s.line)
                                 .arg(why);
                    return nullptr;
                }
                if (r->buttons)
                    lastButtons = *r->buttons;
                answer.responses.append({s.expect.utter.value_or(QString()), *r});
                break;
            }
            case ScriptStep::Kind::SlotWasSet:
                for (const SlotExpectation &slot : s.slotChecks) {
                    if (!slot.value) {
                        *error = QStringLiteral("%1:%2: rasa-mock --bot script sets slots to values: give "
                                                "'%3' one (`- %3: value`)")
                                     .arg(script.fileName)
                                     .arg(s.line)
                                     .arg(slot.name);
                        return nullptr;
                    }
                    answer.slotValues.append({slot.name, *slot.value});
                    if (!agent->m_slotNames.contains(slot.name))
                        agent->m_slotNames.append(slot.name);
                }
                break;
            case ScriptStep::Kind::SlotWasNotSet:
            case ScriptStep::Kind::Silence:
                break;
            }
        }
        commit();
    }
    return agent;
}

AgentTurn ScriptAgent::turn(const UserMessage &message)
{
    const auto rule = m_rules.constFind(message.text.trimmed());
    if (rule == m_rules.constEnd())
        return {{}, {{QStringLiteral("utter_default"), BotMessage::textMessage(m_fallback)}}};
    AgentTurn answer = *rule;
    for (AgentResponse &r : answer.responses)
        if (r.message.text)
            r.message.text = Conversation::resolve(*r.message.text, message.senderId);
    return answer;
}

} // namespace rasachat
