#pragma once

#include "conversationstore.h"
#include "message/botmessage.h"
#include "message/usermessage.h"
#include "script/conversationscript.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QPointer>

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
        TimeHeaderRole,     // QString: the time shown above a row that starts a group of messages, else empty
        CarouselOffsetRole, // int: the first carousel card in view (settable: the view scrolls the cards)
        LayoutKeyRole, // qulonglong, never 0: changes whenever anything the row shows changes (its own data
                       // or its time header), so that a layout made for one key stays right for it
    };
    // Qt::AccessibleTextRole: the row in words, as a screen reader reads it ("Bot: Pick one. Buttons: Yes,
    // No. 14:03"); Qt::AccessibleDescriptionRole: how to act on it (buttons to press, Retry).

    explicit TranscriptModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Messages with text are "editable": the delegate's editor is a read-only viewer to select text in.
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Only CarouselOffsetRole can be set (clamped to the cards there are).
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;

    void appendUser(const rasachat::UserMessage &message, const QString &shownText = {});
    // A bot message is the answer to the oldest user message the server has not acknowledged yet: Rasa
    // sends a turn's replies before it acknowledges the message (REST answers with them, Socket.IO and
    // callback emit them while the handler runs, which then acks). With none open, it answers the oldest
    // acknowledged message still without a reply, else the last one.
    void appendBot(const rasachat::BotMessage &message);
    void appendSystem(const QString &text);
    // The server accepted `messageId`: ✓, or ✓✓ if its replies came first.
    void acknowledge(const QString &messageId);
    // `messageId` was not sent. `settled`: the channel gave up on it (an HTTP error); otherwise the channel
    // may still send it (it keeps it for the next connection), and a late acknowledgement still counts.
    void fail(const QString &messageId, bool settled);
    // Sets the delivery state of `messageId` as it is (tests, restored conversations).
    void setDelivery(const QString &messageId, Delivery delivery);
    Delivery delivery(const QString &messageId) const;
    // The channel gave up on the failed message in `row` (it will not send it by itself).
    bool givenUp(int row) const;
    // A failed message sent again under `newId`: back to "sending".
    bool resend(int row, const QString &newId);
    // The message a user row sent (with its id).
    rasachat::UserMessage userMessage(int row) const;
    // Whether a user message is still waiting for the server (for "bot is typing…").
    bool awaitingReply() const;
    void disableButtons(int row);
    void clear();

    // Storage: a row as stored, the store's id of a row (0: not stored yet), and stored rows put back
    // at `row` (chips of restored messages are spent; a message still "sending" when stored is "not sent").
    StoredMessage record(int row) const;
    qint64 storeId(int row) const;
    void setStoreId(int row, qint64 id);
    void insertStored(int row, const QList<StoredMessage> &messages);
    // The row of stored message `id`, or -1.
    int rowOfStored(qint64 id) const;

    // A stored conversation of any length, on demand: its newest page is put in at the top, and older
    // rows stay in `store` until they are asked for, a page at a time, newest page first (the rows above
    // the first one here always follow on from it: no gaps, no duplicates). Returns the rows put in.
    int openStored(ConversationStore *store, qint64 conversation);
    // Whether the store holds rows older than the first one here.
    bool hasOlder() const;
    // Puts in the next older page above the first row; returns how many rows came.
    int loadOlder();
    // Puts in every row down to stored message `id` (a search hit); its row, or -1 if it is not in the
    // conversation's history.
    int loadUntil(qint64 id);
    // Qt's views call fetchMore() whenever their *last* row shows, which in a transcript (newest at the
    // bottom) is all the time. Older rows are wanted when the *first* row shows: the view says when
    // (TranscriptView, as it scrolls), and only then does canFetchMore() say yes.
    void setFirstRowShown(bool shown);
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;
    static constexpr int kPageSize = 200;

    // The transcript as Markdown or as JSON (one object per row), for "Save transcript".
    QString toMarkdown() const;
    QByteArray toJson() const;
    // The conversation as it happened, for "Save as test" (rasachat::writeRecording()): what each user
    // row sent (a pressed button's payload, not its title), and each bot message. System notes and user
    // messages that never reached the bot (failed) are left out: replaying them would test nothing.
    QList<rasachat::RecordedMessage> recording() const;

    // A delivery state in words ("delivered").
    static QString deliveryText(Delivery delivery);

private:
    struct Entry
    {
        Kind kind = Kind::Text;
        bool fromUser = false;
        QDateTime time;
        QString text;
        rasachat::BotMessage message;
        QString messageId;
        rasachat::UserMessage sent;
        Delivery delivery = Delivery::Submitted;
        bool settled = false; // acknowledged, or given up by the channel
        int replies = 0;
        bool buttonsEnabled = true;
        int carouselFirst = 0;
        qint64 storeId = 0;
        quint64 layoutKey = 0;
    };
    void append(Entry entry);
    // The row shows something else: a new layout key, and dataChanged(roles).
    void changed(qsizetype row, const QList<int> &roles);
    QString timeHeader(qsizetype row) const;
    // The conversation moved on: quick replies and buttons of earlier messages are no longer offered.
    void spendOffers();
    QString accessibleText(const Entry &e) const;
    QString accessibleDescription(const Entry &e) const;
    qsizetype rowOf(const QString &messageId) const;
    // The oldest user row not settled yet, or -1.
    qsizetype firstOpen() const;
    void setEntryDelivery(qsizetype row, Delivery delivery);

    QList<Entry> m_entries;
    mutable qsizetype m_openFrom = 0; // no open user row before this one
    qsizetype m_offersFrom = 0;       // no row before this one offers quick replies or buttons
    quint64 m_nextLayoutKey = 1;      // never reused, not even after clear()
    // The stored history not loaded yet: rows of m_conversation older than m_olderThan.
    QPointer<ConversationStore> m_store;
    qint64 m_conversation = -1;
    qint64 m_olderThan = 0;
    bool m_hasOlder = false;
    bool m_firstRowShown = false;
};

TranscriptModel::Kind kindOf(const rasachat::BotMessage &m);

} // namespace RasaChat
