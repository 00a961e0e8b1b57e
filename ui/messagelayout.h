#pragma once

#include "message/botmessage.h"
#include "transcriptmodel.h"

#include <QFont>
#include <QList>
#include <QRect>
#include <QString>
#include <QUrl>
#include <memory>

class QTextDocument;

namespace RasaChat {

// Fills `doc` with the bot's Markdown as rasa-webchat shows it: GitHub's dialect, HTML as literal text,
// `_x_` in italics, code in the fixed font.
void setBotMarkdown(QTextDocument *doc, const QString &text);

// What a transcript row shows: the layout's input, read from the model's roles once.
struct MessageContent
{
    TranscriptModel::Kind kind = TranscriptModel::Kind::Text;
    bool fromUser = false;
    QString text; // Markdown for the bot, plain for the user and system notes
    rasachat::BotMessage message;
    QString timeHeader; // the time above the first message of a group, else empty
    TranscriptModel::Delivery delivery = TranscriptModel::Delivery::Submitted;
    int carouselFirst = 0; // the first card in view

    static MessageContent fromIndex(const QModelIndex &index);
};

// The fonts a row is laid out and painted in, derived from the view's font.
struct MessageStyle
{
    QFont font;
    QFont small; // the time line
    QFont mono;  // custom JSON

    static MessageStyle from(const QFont &font);
};

// Where everything of one row is, relative to the row's top-left corner, `width` being the view's width:
// the value the delegate paints and hit-tests, computed once per row and width (MessageLayoutCache).
struct MessageLayout
{
    struct Chip
    {
        QRect rect;
        QString title;
        QString payload;
    };
    struct Card
    {
        QRect rect;
        QRect image;
        QUrl imageUrl;
        QRect title;
        QString titleText;
        QString subtitle;
    };
    // What a point of the row is over: a chip (its index in `chips`), a link, a carousel arrow…
    struct Hit
    {
        enum class Part { None, Chip, Link, Retry, PreviousCards, NextCards, TextLink };
        Part part = Part::None;
        int chip = -1;
        QUrl url; // Link, TextLink
    };

    bool fromUser = false;
    bool system = false;
    QRect bubble;
    QRect text;
    QString textSource;
    bool markdown = false;
    bool monospace = false;
    // The text laid out `text.width()` wide, ready to paint and to find links in (null: no text, or a
    // system note, which is drawn as a plain string).
    std::shared_ptr<QTextDocument> document;
    QList<Chip> chips;
    QRect image;
    QUrl imageUrl;
    QRect link;
    QString linkText;
    QUrl linkUrl;
    QList<Card> cards;
    QRect strip;    // where a carousel's cards show; the rest is scrolled out of it
    QRect previous; // its arrows, where it can scroll that way
    QRect next;
    QRect header; // the time above the first message of a group
    QString headerText;
    QRect time; // the delivery state under the user's messages
    QString timeText;
    QRect retry; // "Retry" after the time line of a message that was not sent
    int height = 0;
    // The image whose size this layout was made with (an image message's own); when it arrives the row
    // is laid out again. Card images have a fixed size and do not count.
    QUrl sizedBy;

    // What `pos` (relative to the row's top-left) is over. Chips count only when `chipsEnabled`; a chip
    // of a card scrolled out of the carousel's strip is not there.
    Hit hitTest(QPoint pos, bool chipsEnabled) const;
};

// Lays out one row `width` pixels wide at (0, 0). Pure: the same content, width, style and image size
// give the same layout. `imageSize`: the logical size of an image message's picture once loaded (an
// invalid size: not here yet, the placeholder's size is used).
MessageLayout layoutMessage(const MessageContent &content, int width, const MessageStyle &style,
                            QSize imageSize = {});

// Translated texts the layout and the painter share (in MessageDelegate's translation context).
QString retryText();

} // namespace RasaChat
