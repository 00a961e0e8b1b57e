#include "transcriptmodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using rasachat::BotMessage;

namespace RasaChat {

TranscriptModel::Kind kindOf(const BotMessage &m)
{
    switch (m.kind()) {
    case BotMessage::Kind::Text:
        return TranscriptModel::Kind::Text;
    case BotMessage::Kind::Buttons:
        return TranscriptModel::Kind::Buttons;
    case BotMessage::Kind::QuickReplies:
        return TranscriptModel::Kind::QuickReplies;
    case BotMessage::Kind::Image:
        return TranscriptModel::Kind::Image;
    case BotMessage::Kind::Attachment:
        return TranscriptModel::Kind::Attachment;
    case BotMessage::Kind::Carousel:
        return TranscriptModel::Kind::Carousel;
    case BotMessage::Kind::Custom:
    case BotMessage::Kind::Empty:
        return TranscriptModel::Kind::Custom;
    }
    return TranscriptModel::Kind::Custom;
}

TranscriptModel::TranscriptModel(QObject *parent) : QAbstractListModel(parent) {}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return e.text;
    case Qt::ToolTipRole:
        return e.time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case KindRole:
        return QVariant::fromValue(e.kind);
    case FromUserRole:
        return e.fromUser;
    case TimeRole:
        return e.time;
    case MessageRole:
        return QVariant::fromValue(e.message);
    case DeliveryRole:
        return QVariant::fromValue(e.delivery);
    case ButtonsEnabledRole:
        return e.buttonsEnabled;
    default:
        return {};
    }
}

Qt::ItemFlags TranscriptModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractListModel::flags(index);
    if (index.isValid() && index.row() < m_entries.size()) {
        const Entry &e = m_entries.at(index.row());
        if (e.kind != Kind::System && (!e.text.isEmpty() || e.kind == Kind::Custom))
            f |= Qt::ItemIsEditable;
    }
    return f;
}

QHash<int, QByteArray> TranscriptModel::roleNames() const
{
    return {{KindRole, "kind"},
            {FromUserRole, "fromUser"},
            {TimeRole, "time"},
            {TextRole, "text"},
            {MessageRole, "message"},
            {DeliveryRole, "delivery"},
            {ButtonsEnabledRole, "buttonsEnabled"}};
}

void TranscriptModel::append(Entry entry)
{
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append(std::move(entry));
    endInsertRows();
}

void TranscriptModel::appendUser(const rasachat::UserMessage &message, const QString &shownText)
{
    Entry e;
    e.kind = Kind::Text;
    e.fromUser = true;
    e.time = QDateTime::currentDateTime();
    e.text = shownText.isEmpty() ? message.text : shownText;
    e.messageId = message.messageId;
    append(std::move(e));
}

void TranscriptModel::appendBot(const BotMessage &message)
{
    Entry e;
    e.kind = kindOf(message);
    e.time = QDateTime::currentDateTime();
    e.text = message.text.value_or(QString());
    e.message = message;
    append(std::move(e));
    // The bot answered: the user's last message got through.
    for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
        if (m_entries[i].fromUser) {
            if (m_entries[i].delivery != Delivery::Answered) {
                m_entries[i].delivery = Delivery::Answered;
                const QModelIndex idx = index(int(i));
                emit dataChanged(idx, idx, {DeliveryRole});
            }
            break;
        }
    }
}

void TranscriptModel::appendSystem(const QString &text)
{
    // A server that stays down reports the same thing at every retry: say it once.
    if (!m_entries.isEmpty() && m_entries.last().kind == Kind::System && m_entries.last().text == text)
        return;
    Entry e;
    e.kind = Kind::System;
    e.time = QDateTime::currentDateTime();
    e.text = text;
    append(std::move(e));
}

void TranscriptModel::setDelivery(const QString &messageId, Delivery delivery)
{
    for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
        Entry &e = m_entries[i];
        if (e.fromUser && e.messageId == messageId) {
            if (e.delivery == Delivery::Answered && delivery == Delivery::ReachedServer)
                return; // the answer came first (REST)
            e.delivery = delivery;
            const QModelIndex idx = index(int(i));
            emit dataChanged(idx, idx, {DeliveryRole});
            return;
        }
    }
}

void TranscriptModel::disableButtons(int row)
{
    if (row < 0 || row >= m_entries.size() || !m_entries[row].buttonsEnabled)
        return;
    m_entries[row].buttonsEnabled = false;
    emit dataChanged(index(row), index(row), {ButtonsEnabledRole});
}

void TranscriptModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

QString TranscriptModel::toMarkdown() const
{
    QString out;
    for (const Entry &e : m_entries) {
        const QString who = e.kind == Kind::System ? QStringLiteral("—")
                            : e.fromUser           ? QStringLiteral("**You**")
                                                   : QStringLiteral("**Bot**");
        out += QStringLiteral("%1 %2: ").arg(e.time.toString(QStringLiteral("HH:mm:ss")), who);
        if (e.fromUser || e.kind == Kind::System || e.kind == Kind::Text)
            out += e.text;
        else if (e.kind == Kind::Image)
            out += QStringLiteral("![image](%1)").arg(e.message.image.value_or(QString()));
        else
            out += (e.text.isEmpty() ? QString() : e.text + u' ') + QStringLiteral("`") +
                   QString::fromUtf8(QJsonDocument(e.message.toJson()).toJson(QJsonDocument::Compact)) +
                   QStringLiteral("`");
        out += QStringLiteral("\n\n");
    }
    return out;
}

QByteArray TranscriptModel::toJson() const
{
    QJsonArray rows;
    for (const Entry &e : m_entries) {
        QJsonObject o{{QStringLiteral("time"), e.time.toString(Qt::ISODateWithMs)},
                      {QStringLiteral("from"), e.kind == Kind::System ? QStringLiteral("system")
                                               : e.fromUser           ? QStringLiteral("user")
                                                                      : QStringLiteral("bot")}};
        if (e.fromUser || e.kind == Kind::System)
            o.insert(QStringLiteral("text"), e.text);
        else
            o.insert(QStringLiteral("message"), e.message.toJson());
        rows.append(o);
    }
    return QJsonDocument(rows).toJson(QJsonDocument::Indented);
}

} // namespace RasaChat
