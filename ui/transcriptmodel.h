#pragma once

#include "message/botmessage.h"
#include "message/usermessage.h"

#include <QAbstractListModel>
#include <QDateTime>

namespace RasaChat {

// The conversation as a list model: one row per message, the user's and the bot's, plus system notes
// (connection changes, errors). Views read it through roles; painting lives in MessageDelegate.
class TranscriptModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class Kind { Text, Buttons, QuickReplies, Image, Attachment, Carousel, Custom, System };
    Q_ENUM(Kind)
    enum class Delivery { Submitted, ReachedServer, Answered, Failed };
    Q_ENUM(Delivery)
    enum Role {
        KindRole = Qt::UserRole + 1,
        FromUserRole, // bool
        TimeRole,     // QDateTime
        TextRole,     // QString: the text to show (Markdown for bot text)
        MessageRole,  // rasachat::BotMessage (bot rows)
        DeliveryRole, // Delivery (user rows)
        ButtonsEnabledRole,
    };

    explicit TranscriptModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Messages with text are "editable": the delegate's editor is a read-only viewer to select text in.
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    void appendUser(const rasachat::UserMessage &message, const QString &shownText = {});
    void appendBot(const rasachat::BotMessage &message);
    void appendSystem(const QString &text);
    void setDelivery(const QString &messageId, Delivery delivery);
    void disableButtons(int row);
    void clear();

    // The transcript as Markdown or as JSON (one object per row), for "Save transcript".
    QString toMarkdown() const;
    QByteArray toJson() const;

private:
    struct Entry
    {
        Kind kind = Kind::Text;
        bool fromUser = false;
        QDateTime time;
        QString text;
        rasachat::BotMessage message;
        QString messageId;
        Delivery delivery = Delivery::Submitted;
        bool buttonsEnabled = true;
    };
    void append(Entry entry);

    QList<Entry> m_entries;
};

TranscriptModel::Kind kindOf(const rasachat::BotMessage &m);

} // namespace RasaChat
