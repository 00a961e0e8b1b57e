#pragma once

#include <QString>
#include <QUrl>

namespace rasachat {
struct BotMessage;
}

namespace RasaChat {

// What an attachment points at and how it is titled (a URL string, or Rasa's
// {"type":…,"payload":{"src":…,"title":…}} object, or an object with a "url").
struct AttachmentLink
{
    QUrl url;
    QString title; // the title if it has one, else the URL
};
AttachmentLink attachmentOf(const rasachat::BotMessage &message);

// A custom payload (or, for a message of no known shape, the whole message) as readable, indented JSON.
QString customPayloadText(const rasachat::BotMessage &message);

// The bot's Markdown as the plain text a reader hears (emphasis, links and code marks removed).
QString markdownToPlainText(const QString &markdown);

// A bot message in words, for screen readers: its text as plain text, then what else it carries
// (buttons, quick replies, an image, an attachment, carousel cards, a custom payload) described.
// `buttonsOffered`: false when the buttons of the message can no longer be pressed.
QString describeBotMessage(const rasachat::BotMessage &message, bool buttonsOffered);

} // namespace RasaChat
