#include "conversationstore.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <algorithm>

namespace RasaChat {

namespace {

// Schema version 1. Times are ISO 8601 with milliseconds (UTC), so that they sort as text.
constexpr const char *kSchema[] = {
    "CREATE TABLE IF NOT EXISTS conversations ("
    " id INTEGER PRIMARY KEY, server TEXT NOT NULL, channel TEXT NOT NULL, session TEXT NOT NULL,"
    " started TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS conversations_by_session ON conversations(server, channel, session)",
    "CREATE TABLE IF NOT EXISTS messages ("
    " id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    " time TEXT NOT NULL, sender INTEGER NOT NULL, text TEXT NOT NULL, raw BLOB, message_id TEXT,"
    " delivery INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation, id)",
};

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QString &s)
{
    return QDateTime::fromString(s, Qt::ISODateWithMs).toLocalTime();
}

} // namespace

ConversationStore::ConversationStore(const QString &path, QObject *parent)
    : QObject(parent), m_path(path),
      m_connection(QStringLiteral("rasachat-store-") + QUuid::createUuid().toString(QUuid::Id128))
{}

ConversationStore::~ConversationStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QString ConversationStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/conversations.sqlite");
}

bool ConversationStore::open(QString *error)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        *error = tr("Qt's SQLite driver is missing (Debian: libqt6sql6-sqlite)");
        return false;
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    if (!db.open()) {
        *error = tr("cannot open %1: %2").arg(m_path, db.lastError().text());
        return false;
    }
    // WAL: each committed statement survives the app being killed; NORMAL sync is enough for that.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                               "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=2000"})
        if (!exec(QString::fromLatin1(pragma), error))
            return false;
    for (const char *sql : kSchema)
        if (!exec(QString::fromLatin1(sql), error))
            return false;
    return true;
}

bool ConversationStore::isOpen() const
{
    return QSqlDatabase::database(m_connection, false).isOpen();
}

bool ConversationStore::exec(const QString &sql, QString *error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(sql))
        return true;
    if (error)
        *error = tr("%1: %2").arg(m_path, q.lastError().text());
    return false;
}

qint64 ConversationStore::find(const QString &server, const QString &channel, const QString &session) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT id FROM conversations WHERE server = ? AND channel = ? AND session = ? "
                             "ORDER BY id DESC LIMIT 1"));
    q.addBindValue(server);
    q.addBindValue(channel);
    q.addBindValue(session);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}

QString ConversationStore::lastSession(const QString &server, const QString &channel) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "SELECT session FROM conversations WHERE server = ? AND channel = ? ORDER BY id DESC LIMIT 1"));
    q.addBindValue(server);
    q.addBindValue(channel);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

qint64 ConversationStore::create(const QString &server, const QString &channel, const QString &session)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(
        QStringLiteral("INSERT INTO conversations (server, channel, session, started) VALUES (?, ?, ?, ?)"));
    q.addBindValue(server);
    q.addBindValue(channel);
    q.addBindValue(session);
    q.addBindValue(isoTime(QDateTime::currentDateTime()));
    if (!q.exec())
        return -1;
    emit conversationsChanged();
    return q.lastInsertId().toLongLong();
}

namespace {
constexpr const char *kConversationColumns =
    "SELECT c.id, c.server, c.channel, c.session, c.started,"
    " (SELECT MAX(time) FROM messages WHERE conversation = c.id),"
    " (SELECT COUNT(*) FROM messages WHERE conversation = c.id),"
    " (SELECT text FROM messages WHERE conversation = c.id AND sender = 0 ORDER BY id LIMIT 1)"
    " FROM conversations c ";

StoredConversation conversationFrom(const QSqlQuery &q)
{
    StoredConversation c;
    c.id = q.value(0).toLongLong();
    c.server = q.value(1).toString();
    c.channel = q.value(2).toString();
    c.session = q.value(3).toString();
    c.started = fromIso(q.value(4).toString());
    c.last = q.value(5).isNull() ? c.started : fromIso(q.value(5).toString());
    c.messages = q.value(6).toInt();
    c.preview = q.value(7).toString();
    return c;
}
} // namespace

StoredConversation ConversationStore::conversation(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QString::fromLatin1(kConversationColumns) + QStringLiteral("WHERE c.id = ?"));
    q.addBindValue(id);
    return q.exec() && q.next() ? conversationFrom(q) : StoredConversation{};
}

QList<StoredConversation> ConversationStore::conversations() const
{
    QList<StoredConversation> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QString::fromLatin1(kConversationColumns) + QStringLiteral("ORDER BY c.id DESC")))
        return out;
    while (q.next())
        out.append(conversationFrom(q));
    return out;
}

bool ConversationStore::remove(qint64 conversation)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM messages WHERE conversation = ?"));
    q.addBindValue(conversation);
    bool ok = q.exec();
    q.prepare(QStringLiteral("DELETE FROM conversations WHERE id = ?"));
    q.addBindValue(conversation);
    ok = ok && q.exec() && q.numRowsAffected() == 1;
    if (!ok) {
        db.rollback();
        return false;
    }
    db.commit();
    emit conversationsChanged();
    return true;
}

qint64 ConversationStore::add(qint64 conversation, const StoredMessage &m)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(
        QStringLiteral("INSERT INTO messages (conversation, time, sender, text, raw, message_id, delivery)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(conversation);
    q.addBindValue(isoTime(m.time));
    q.addBindValue(int(m.sender));
    // A message without text (an image, a custom payload) has a null text, which Qt SQL binds as NULL.
    q.addBindValue(m.text.isNull() ? QStringLiteral("") : m.text);
    q.addBindValue(m.raw);
    q.addBindValue(m.messageId);
    q.addBindValue(m.delivery);
    return q.exec() ? q.lastInsertId().toLongLong() : 0;
}

void ConversationStore::setDelivery(qint64 message, int delivery, const QString &messageId)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE messages SET delivery = ?, message_id = ? WHERE id = ?"));
    q.addBindValue(delivery);
    q.addBindValue(messageId);
    q.addBindValue(message);
    q.exec();
}

int ConversationStore::count(qint64 conversation) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM messages WHERE conversation = ?"));
    q.addBindValue(conversation);
    return q.exec() && q.next() ? q.value(0).toInt() : 0;
}

namespace {
StoredMessage messageFrom(const QSqlQuery &q)
{
    StoredMessage m;
    m.id = q.value(0).toLongLong();
    m.time = fromIso(q.value(1).toString());
    m.sender = StoredMessage::Sender(q.value(2).toInt());
    m.text = q.value(3).toString();
    m.raw = q.value(4).toByteArray();
    m.messageId = q.value(5).toString();
    m.delivery = q.value(6).toInt();
    return m;
}
} // namespace

QList<StoredMessage> ConversationStore::messages(qint64 conversation, int limit, qint64 before) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, time, sender, text, raw, message_id, delivery FROM messages"
                             " WHERE conversation = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?"));
    q.addBindValue(conversation);
    q.addBindValue(before);
    q.addBindValue(before);
    q.addBindValue(limit);
    QList<StoredMessage> out;
    if (!q.exec())
        return out;
    while (q.next())
        out.append(messageFrom(q));
    std::reverse(out.begin(), out.end());
    return out;
}

QList<StoredMessage> ConversationStore::messagesBetween(qint64 conversation, qint64 from, qint64 before) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, time, sender, text, raw, message_id, delivery FROM messages"
                             " WHERE conversation = ? AND id >= ? AND id < ? ORDER BY id"));
    q.addBindValue(conversation);
    q.addBindValue(from);
    q.addBindValue(before);
    QList<StoredMessage> out;
    if (!q.exec())
        return out;
    while (q.next())
        out.append(messageFrom(q));
    return out;
}

int ConversationStore::addAll(qint64 conversation, const QList<StoredMessage> &messages)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return 0;
    for (const StoredMessage &m : messages) {
        if (add(conversation, m) == 0) {
            db.rollback();
            return 0;
        }
    }
    return db.commit() ? int(messages.size()) : 0;
}

QList<SearchHit> ConversationStore::search(const QString &text, int limit) const
{
    QList<SearchHit> out;
    if (text.isEmpty())
        return out;
    QString pattern = text;
    pattern.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'%', QStringLiteral("\\%"))
        .replace(u'_', QStringLiteral("\\_"));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT conversation, id, time, text FROM messages WHERE text LIKE ? ESCAPE '\\'"
                             " ORDER BY id DESC LIMIT ?"));
    q.addBindValue(QStringLiteral("%") + pattern + QStringLiteral("%"));
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next())
        out.append(SearchHit{q.value(0).toLongLong(), q.value(1).toLongLong(), fromIso(q.value(2).toString()),
                             q.value(3).toString()});
    return out;
}

} // namespace RasaChat
