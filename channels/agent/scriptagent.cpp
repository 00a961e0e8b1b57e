#include "scriptagent.h"

#include <QJsonObject>

namespace rasachat {

namespace {

BotMessage responseFor(const BotExpectation &e)
{
    BotMessage r;
    if (e.text)
        r.text = *e.text;
    else if (e.contains)
        r.text = *e.contains;
    if (e.buttons) {
        QList<Button> buttons;
        for (qsizetype i = 0; i < e.buttons->size(); ++i) {
            const QString payload =
                e.payloads && i < e.payloads->size() ? e.payloads->at(i) : e.buttons->at(i);
            buttons.append(Button{e.buttons->at(i), payload, {}});
        }
        r.buttons = buttons;
    }
    if (e.image && *e.image != u"*")
        r.image = *e.image;
    if (e.card)
        r.elements = QList<CarouselElement>{CarouselElement{*e.card, {}, {}, {}, {}}};
    if (e.custom)
        r.custom = *e.custom;
    if (e.attachment)
        r.attachment = QJsonObject{
            {QStringLiteral("type"), QStringLiteral("file")},
            {QStringLiteral("payload"),
             QJsonObject{{QStringLiteral("src"), QStringLiteral("https://example.com/attachment")}}}};
    return r;
}

} // namespace

ScriptAgent::ScriptAgent(const ConversationScript &script) : m_fallback(script.fallback)
{
    for (const Conversation &c : script.conversations) {
        QString input;
        QList<BotMessage> answer;
        QList<Button> lastButtons;
        auto commit = [&] {
            if (!input.isNull() && !m_rules.contains(input))
                m_rules.insert(input, answer);
            answer.clear();
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
                const BotMessage r = responseFor(s.expect);
                if (r.buttons)
                    lastButtons = *r.buttons;
                answer.append(r);
                break;
            }
            case ScriptStep::Kind::Silence:
                break;
            }
        }
        commit();
    }
}

QList<BotMessage> ScriptAgent::respond(const UserMessage &message)
{
    const auto rule = m_rules.constFind(message.text);
    if (rule != m_rules.constEnd())
        return *rule;
    return {BotMessage::textMessage(m_fallback)};
}

} // namespace rasachat
