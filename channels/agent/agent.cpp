#include "agent.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rasachat {

namespace {

BotMessage echo(const UserMessage &message)
{
    return BotMessage::textMessage(QStringLiteral("you said: ") + message.text);
}

Button button(const QString &title, const QString &payload)
{
    return Button{title, payload, {}};
}

BotMessage carousel()
{
    BotMessage m;
    m.text = QStringLiteral("Here are two plans:");
    CarouselElement basic{
        QStringLiteral("Basic"),
        QStringLiteral("For one assistant"),
        QStringLiteral("https://picsum.photos/seed/rasa-basic/320/180"),
        {Button{QStringLiteral("Choose Basic"), QStringLiteral("/choose{\"plan\":\"basic\"}"),
                QJsonObject{{QStringLiteral("type"), QStringLiteral("postback")}}}},
        {}};
    CarouselElement pro{QStringLiteral("Pro"),
                        QStringLiteral("For teams"),
                        QStringLiteral("https://picsum.photos/seed/rasa-pro/320/180"),
                        {Button{QStringLiteral("Choose Pro"), QStringLiteral("/choose{\"plan\":\"pro\"}"),
                                QJsonObject{{QStringLiteral("type"), QStringLiteral("postback")}}}},
                        {}};
    m.elements = QList<CarouselElement>{basic, pro};
    return m;
}

BotMessage attachment()
{
    BotMessage m;
    m.text = QStringLiteral("Here is the brochure:");
    m.attachment =
        QJsonObject{{QStringLiteral("type"), QStringLiteral("file")},
                    {QStringLiteral("payload"),
                     QJsonObject{{QStringLiteral("src"),
                                  QStringLiteral("https://example.com/files/rasa-chat-brochure.pdf")},
                                 {QStringLiteral("title"), QStringLiteral("rasa-chat-brochure.pdf")}}}};
    return m;
}

} // namespace

QList<BotMessage> AgentTurn::messages() const
{
    QList<BotMessage> out;
    out.reserve(responses.size());
    for (const AgentResponse &r : responses)
        out.append(r.message);
    return out;
}

AgentTurn EchoAgent::turn(const UserMessage &message)
{
    return {{}, {{QStringLiteral("utter_echo"), echo(message)}}};
}

AgentTurn DemoAgent::turn(const UserMessage &message)
{
    const QString &t = message.text;
    auto one = [](const char *name, const BotMessage &m) {
        return AgentTurn{{}, {{QString::fromLatin1(name), m}}};
    };
    if (t == u"hi")
        return one("utter_greet", BotMessage::textMessage(QStringLiteral("Hey! How are you?")));
    if (t == u"/buttons") {
        BotMessage m = BotMessage::textMessage(QStringLiteral("Choose an option:"));
        m.buttons = QList<Button>{button(QStringLiteral("Yes"), QStringLiteral("/affirm")),
                                  button(QStringLiteral("No"), QStringLiteral("/deny"))};
        return one("utter_buttons", m);
    }
    if (t == u"/image") {
        BotMessage m;
        m.image = QStringLiteral("https://i.imgur.com/nGF1K8f.jpg");
        return one("utter_image", m);
    }
    if (t == u"/meta") {
        BotMessage m;
        const QJsonValue metadata =
            message.metadata.isUndefined() ? QJsonValue(QJsonObject()) : message.metadata;
        m.custom = QJsonObject{{QStringLiteral("metadata"), metadata}};
        return one("utter_meta", m);
    }
    if (t == u"/multi")
        return one("utter_multi", BotMessage::textMessage(QStringLiteral("first\n\nsecond")));
    if (t == u"/carousel")
        return one("utter_carousel", carousel());
    if (t == u"/attachment")
        return one("utter_attachment", attachment());
    if (t == u"/quick") {
        BotMessage m = BotMessage::textMessage(QStringLiteral("Pick a colour:"));
        m.quickReplies =
            QList<Button>{button(QStringLiteral("Red"), QStringLiteral("/inform{\"colour\":\"red\"}")),
                          button(QStringLiteral("Green"), QStringLiteral("/inform{\"colour\":\"green\"}")),
                          button(QStringLiteral("Blue"), QStringLiteral("/inform{\"colour\":\"blue\"}"))};
        return one("utter_quick", m);
    }
    if (t == u"/custom") {
        BotMessage m;
        m.custom = QJsonObject{{QStringLiteral("type"), QStringLiteral("map")},
                               {QStringLiteral("lat"), 52.52},
                               {QStringLiteral("lng"), 13.405}};
        return one("utter_custom", m);
    }
    static const QString namePrefix = QStringLiteral("/name ");
    if (t.startsWith(namePrefix) && !t.mid(namePrefix.size()).trimmed().isEmpty()) {
        const QString name = t.mid(namePrefix.size()).trimmed();
        AgentTurn turn = one("utter_nice_to_meet_you",
                             BotMessage::textMessage(QStringLiteral("Nice to meet you, %1!").arg(name)));
        turn.slotValues.append({QStringLiteral("name"), name});
        return turn;
    }
    return one("utter_echo", echo(message));
}

std::unique_ptr<Agent> makeAgent(const QString &name)
{
    if (name == u"demo")
        return std::make_unique<DemoAgent>();
    if (name == u"echo")
        return std::make_unique<EchoAgent>();
    return nullptr;
}

QStringList agentNames()
{
    return {QStringLiteral("demo"), QStringLiteral("echo")};
}

} // namespace rasachat
