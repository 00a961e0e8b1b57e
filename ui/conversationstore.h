#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QString>

namespace RasaChat {

// One stored message: what the transcript shows and what was on the wire.
struct StoredMessage
{
    enum class Sender { User, Bot, System };
    qint64 id = 0; // the store's row id; 0: not stored yet
    QDateTime time;
    Sender sender = Sender::Bot;
    QString text;      // what the transcript shows
    QByteArray raw;    // the bot message as received, or the user message as sent (JSON)
    QString messageId; // user messages: the id their delivery is followed by
    int delivery = 0;  // user messages: TranscriptModel::Delivery
};

// One conversation: a session with one server over one channel.
struct StoredConversation
{
    qint64 id = 0;
    QString server;
    QString channel;
    QString session;
    QDateTime started;
    QDateTime last;
    int messages = 0;
    QString preview; // the first user message
};

struct SearchHit
{
    qint64 conversation = 0;
    qint64 message = 0;
    QDateTime time;
    QString text;
};

// Every conversation of the chat window in one SQLite database (Qt SQL): each message is written by its own
// statement as it arrives, so that a killed app loses nothing (WAL journal). Conversations are found by
// server, channel and session, as rasa-webchat finds its stored session.
class ConversationStore : public QObject
{
    Q_OBJECT
public:
    // `path`: the database file; created with its folder if missing.
    explicit ConversationStore(const QString &path, QObject *parent = nullptr);
    ~ConversationStore() override;

    // Opens (and creates) the database; on failure returns false with *error set.
    bool open(QString *error);
    bool isOpen() const;
    QString path() const { return m_path; }
    // `conversations.sqlite` in the application's data folder.
    static QString defaultPath();

    // The latest conversation of `session` with `server` over `channel`, or -1.
    qint64 find(const QString &server, const QString &channel, const QString &session) const;
    // The session of the latest conversation with `server` over `channel` (empty: none).
    QString lastSession(const QString &server, const QString &channel) const;
    qint64 create(const QString &server, const QString &channel, const QString &session);
    StoredConversation conversation(qint64 id) const;
    // Newest first.
    QList<StoredConversation> conversations() const;
    bool remove(qint64 conversation);

    // Stores `message` in `conversation`; returns its row id (0 on failure).
    qint64 add(qint64 conversation, const StoredMessage &message);
    void setDelivery(qint64 message, int delivery, const QString &messageId);
    int count(qint64 conversation) const;
    // At most `limit` messages of `conversation` before message `before` (0: the newest), oldest first.
    QList<StoredMessage> messages(qint64 conversation, int limit = 500, qint64 before = 0) const;
    // The messages of `conversation` from message `from` up to (not including) message `before`, oldest
    // first.
    QList<StoredMessage> messagesBetween(qint64 conversation, qint64 from, qint64 before) const;
    // Stores `messages` in `conversation` in one transaction (an import); returns how many were stored
    // (all or none).
    int addAll(qint64 conversation, const QList<StoredMessage> &messages);
    // Messages whose text contains `text` (case-insensitive), newest first.
    QList<SearchHit> search(const QString &text, int limit = 200) const;

signals:
    void conversationsChanged();

private:
    bool exec(const QString &sql, QString *error = nullptr) const;

    QString m_path;
    QString m_connection;
};

} // namespace RasaChat
